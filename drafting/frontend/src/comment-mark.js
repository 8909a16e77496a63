// A mark that anchors a comment thread to a passage of the draft. The thread itself
// (text, replies, resolved flag) lives on the server; the mark only carries its id, so
// the anchor moves with the text as people edit around it.
import { Mark, mergeAttributes } from "@tiptap/core";

export const CommentMark = Mark.create({
  name: "comment",
  inclusive: false,
  addAttributes() {
    return {
      commentId: {
        default: null,
        parseHTML: (el) => el.getAttribute("data-comment-id"),
        renderHTML: (attrs) => ({ "data-comment-id": attrs.commentId }),
      },
    };
  },
  parseHTML() {
    return [{ tag: "span[data-comment-id]" }];
  },
  renderHTML({ HTMLAttributes }) {
    return ["span", mergeAttributes({ class: "draft-comment" }, HTMLAttributes), 0];
  },
});
