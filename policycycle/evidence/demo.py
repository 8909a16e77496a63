def load_demo(process, context):
    return None
