// cross_entropy.cc — the cross-entropy op. Forward keeps softmax(logits); backward is (p - onehot) / count,
// scaled by the incoming gradient of the loss.
// Paper: §2 Background, eq. (1)
#include "ops/cross_entropy.h"

#include "ops/op_support.h"

namespace simcse {

Tensor cross_entropy(const Tensor& logits, const std::vector<int32_t>& labels) {
  SIMCSE_CHECK(logits.rank() == 2 && logits.dim(1) > 0, "cross_entropy: logits must be [rows, classes], got ",
               logits.shape());
  const int64_t rows = logits.dim(0), classes = logits.dim(1);
  SIMCSE_CHECK(static_cast<int64_t>(labels.size()) == rows, "cross_entropy: ", labels.size(), " labels for ", rows,
               " rows of logits ", logits.shape());
  int64_t labelled = 0;
  for (int64_t r = 0; r < rows; ++r) {
    SIMCSE_CHECK(labels[r] == kIgnoreIndex || (labels[r] >= 0 && labels[r] < classes), "cross_entropy: label ",
                 labels[r], " of row ", r, " is outside [0, ", classes, ") for logits ", logits.shape());
    labelled += labels[r] != kIgnoreIndex;
  }
  SIMCSE_CHECK(labelled > 0, "cross_entropy: every label is ignored (", kIgnoreIndex, "), the mean is undefined");
  const Scalar inv_count = Scalar(1) / static_cast<Scalar>(labelled);
  Tensor probs = Tensor::empty(logits.shape(), logits.device());  // [rows, classes], softmax(logits)
  Tensor loss = Tensor::empty(Shape{}, logits.device());
  backend_of(logits).cross_entropy_forward(logits.data(), labels.data(), probs.data(), loss.data(), rows, classes,
                                           inv_count);
  record_op(loss, "cross_entropy", {logits}, [=](const Tensor& loss) {
    backend_of(loss).cross_entropy_backward(probs.data(), labels.data(), loss.grad().data(), logits.grad_data(), rows,
                                            classes, inv_count);
  });
  return loss;
}

}  // namespace simcse
