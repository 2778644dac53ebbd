// Function types of the ConvLSTM op's kernel slots (see kernels.h). Included inside namespace corenn.

// The LSTM cell update of one (batch element, hidden channel) plane of n pixels. gx and gh hold the
// four gate planes (i, f, g, o) of the x and h convolutions, each gate `gate_stride` floats apart:
//   i, f, o = sigmoid(gx + gh), g = tanh(gx + gh); c = f * c + i * g; h = o * tanh(c)
// c is updated in place; h is the output plane (distinct from gx, gh and c).
using f32_convlstm_gates_fn = void (*)(const float* gx, const float* gh, size_t gate_stride, float* c, float* h,
                                       size_t n);
