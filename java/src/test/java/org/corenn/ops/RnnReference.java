package org.corenn.ops;

import java.util.List;

/**
 * A straightforward torch.nn.LSTM / GRU / RNN in double precision, time-major: x [T][B][I], y
 * [T][B][D*P], h [L*D][B][P], c [L*D][B][H]; lengths give packed-sequence results. ONNX's LSTM
 * peepholes (i, f see the old c, o the new one) and input_forget (f = 1 - i) from the operator spec.
 */
final class RnnReference {
    private RnnReference() {
    }

    /** y, h_n and c_n (null unless LSTM). */
    record Result(float[] y, float[] h, float[] c) {
    }

    static Result run(RnnParams p, List<float[]> w, float[] x, int seq, int batch, int[] lengths, float[] h0,
            float[] c0) {
        int dirs = p.directions(), hidden = p.hiddenSize(), out = p.outputHidden();
        boolean lstm = p.cell() == RnnParams.Cell.LSTM;
        int perDirection = 2 + (p.bias() ? 2 : 0) + (p.peepholes() ? 1 : 0) + (p.projSize() > 0 ? 1 : 0);
        float[] hN = new float[p.numLayers() * dirs * batch * out];
        float[] cN = lstm ? new float[p.numLayers() * dirs * batch * hidden] : null;
        float[] input = x;
        int inSize = p.inputSize();
        for (int l = 0; l < p.numLayers(); l++) {
            float[] y = new float[seq * batch * dirs * out];
            for (int d = 0; d < dirs; d++) {
                int base = (l * dirs + d) * perDirection;
                float[] wih = w.get(base), whh = w.get(base + 1);
                float[] bih = p.bias() ? w.get(base + 2) : null, bhh = p.bias() ? w.get(base + 3) : null;
                float[] peep = p.peepholes() ? w.get(base + (p.bias() ? 4 : 2)) : null;
                float[] whr = p.projSize() > 0 ? w.get(base + perDirection - 1) : null;
                int slot = l * dirs + d;
                for (int b = 0; b < batch; b++) {
                    double[] h = new double[out];
                    double[] c = new double[hidden];
                    for (int j = 0; j < out; j++) {
                        h[j] = h0 == null ? 0 : h0[(slot * batch + b) * out + j];
                    }
                    for (int j = 0; j < hidden && lstm; j++) {
                        c[j] = c0 == null ? 0 : c0[(slot * batch + b) * hidden + j];
                    }
                    int len = lengths == null ? seq : lengths[b];
                    for (int s = 0; s < len; s++) {
                        int t = d == 0 ? s : len - 1 - s;
                        double[] xt = new double[inSize];
                        for (int i = 0; i < inSize; i++) {
                            xt[i] = input[(t * batch + b) * inSize + i];
                        }
                        h = cell(p, wih, whh, bih, bhh, peep, whr, xt, h, c);
                        for (int j = 0; j < out; j++) {
                            y[(t * batch + b) * dirs * out + d * out + j] = (float) h[j];
                        }
                    }
                    for (int j = 0; j < out; j++) {
                        hN[(slot * batch + b) * out + j] = (float) h[j];
                    }
                    for (int j = 0; j < hidden && lstm; j++) {
                        cN[(slot * batch + b) * hidden + j] = (float) c[j];
                    }
                }
            }
            input = y;
            inSize = dirs * out;
        }
        return new Result(input, hN, cN);
    }

    /** One step; returns the new h and updates c in place (LSTM). */
    private static double[] cell(RnnParams p, float[] wih, float[] whh, float[] bih, float[] bhh, float[] peep,
            float[] whr, double[] x, double[] h, double[] c) {
        int hidden = p.hiddenSize(), gates = p.cell().gates();
        double[] gi = new double[gates * hidden], gh = new double[gates * hidden];
        for (int r = 0; r < gates * hidden; r++) {
            double si = bih == null ? 0 : bih[r], sh = bhh == null ? 0 : bhh[r];
            for (int i = 0; i < x.length; i++) {
                si += wih[r * x.length + i] * x[i];
            }
            for (int j = 0; j < h.length; j++) {
                sh += whh[r * h.length + j] * h[j];
            }
            gi[r] = si;
            gh[r] = sh;
        }
        double[] next = new double[hidden];
        switch (p.cell()) {
            case LSTM:
                for (int j = 0; j < hidden; j++) {
                    double old = c[j];
                    double i = sigmoid(gi[j] + gh[j] + (peep == null ? 0 : peep[j] * old));
                    double f = p.inputForget() ? 1 - i
                            : sigmoid(gi[hidden + j] + gh[hidden + j] + (peep == null ? 0 : peep[hidden + j] * old));
                    double g = Math.tanh(gi[2 * hidden + j] + gh[2 * hidden + j]);
                    c[j] = (float) (f * old + i * g);
                    double o = sigmoid(gi[3 * hidden + j] + gh[3 * hidden + j]
                            + (peep == null ? 0 : peep[2 * hidden + j] * c[j]));
                    next[j] = o * Math.tanh(c[j]);
                }
                break;
            case GRU:
                for (int j = 0; j < hidden; j++) {
                    double r = sigmoid(gi[j] + gh[j]), z = sigmoid(gi[hidden + j] + gh[hidden + j]);
                    double n = Math.tanh(gi[2 * hidden + j] + r * gh[2 * hidden + j]);
                    next[j] = (1 - z) * n + z * h[j];
                }
                break;
            case RNN_TANH:
                for (int j = 0; j < hidden; j++) {
                    next[j] = Math.tanh(gi[j] + gh[j]);
                }
                break;
            default:
                for (int j = 0; j < hidden; j++) {
                    next[j] = Math.max(0, gi[j] + gh[j]);
                }
        }
        if (whr != null) {
            double[] projected = new double[p.projSize()];
            for (int k = 0; k < projected.length; k++) {
                for (int j = 0; j < hidden; j++) {
                    projected[k] += whr[k * hidden + j] * next[j];
                }
            }
            next = projected;
        }
        for (int j = 0; j < next.length; j++) {
            next[j] = (float) next[j];
        }
        return next;
    }

    private static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }
}
