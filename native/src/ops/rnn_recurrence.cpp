#include "ops/rnn_recurrence.h"

#include <algorithm>

#include "common/denormals.h"
#include "ops/helper_team.h"
#include "ops/phase_scheduler.h"

namespace corenn {

namespace {

// One layer's steps split into phases, each over a range of work items: (direction, 8-unit tile)
// for the cells, (direction, 8-row block) for LSTM projections; threads claim contiguous chunks of
// them (ops/phase_scheduler.h). A unit's arithmetic never depends on which thread computes it.
class Stepper {
public:
    explicit Stepper(const RnnRecurrence& job)
        : job_(job), op_(*job.op), layer_(*job.layer), T_(job.seq_len), B_(job.batch), G_(op_.gates),
          D_(op_.dirs), H_(op_.desc.hidden_size), Hp_(op_.hidden_padded), P_(op_.out_size), Pp_(op_.out_padded),
          batched_(rnn_uses_batch_cells(op_, job.batch)), proj_(op_.desc.proj_size > 0),
          cell_(batched_ ? op_.batch_cell : op_.cell), cell_per_dir_(Hp_ / 8), proj_per_dir_(Pp_ / 8) {}

    // The input projection of every step: 8-column blocks of xproj (direction-major, so with two
    // threads each projects the direction it then steps).
    int64_t input_items() const { return int64_t{D_} * G_ * Hp_ / 8; }
    void input_phase(int64_t begin, int64_t end) const {
        op_.kernels->f32_rnn_gemm(job_.input, 0, T_ * B_, static_cast<int>(begin), static_cast<int>(end));
    }

    int64_t cell_items() const { return int64_t{D_} * cell_per_dir_; }
    int64_t proj_items() const { return proj_ ? int64_t{D_} * proj_per_dir_ : 0; }
    bool two_pass() const { return op_.gru_two_pass; }
    bool projected() const { return proj_; }

    // Pass 0: a whole cell step; GRU two-pass: 1 (r, z) then 2 (n, h).
    void cell_phase(int s, int pass, int64_t begin, int64_t end) const {
        for (int64_t item = begin; item < end;) {
            const int d = static_cast<int>(item / cell_per_dir_);
            const int lo = static_cast<int>(item % cell_per_dir_);
            const int hi = static_cast<int>(std::min<int64_t>(cell_per_dir_, lo + (end - item)));
            item += hi - lo;
            const RnnCellArgs a = cell_args(d, s, pass);
            if (s % 2 == 0) {
                cell_(a, lo, hi);
            } else {
                // Odd steps walk the tiles backwards: the weights read last on the previous step
                // are the ones most likely still cached when the step's weights exceed the cache.
                // Two tiles per call: the AVX-512 cells (small-batch and batched) join adjacent tiles
                // into 16-unit vectors.
                for (int tile = hi; tile > lo; tile -= 2) cell_(a, std::max(lo, tile - 2), tile);
            }
            if (pass != 1 && !proj_) finish_units(d, s, 8 * lo, 8 * hi);
        }
    }

    // h = W_hr (o * tanh(c)) for the projection rows of this thread, once every cell is done.
    void proj_phase(int s, int64_t begin, int64_t end) const {
        static constexpr corenn_activation_desc kIdentity{CORENN_ACT_IDENTITY, 0.0f, 0.0f};
        for (int64_t item = begin; item < end;) {
            const int d = static_cast<int>(item / proj_per_dir_);
            const int lo = static_cast<int>(item % proj_per_dir_);
            const int hi = static_cast<int>(std::min<int64_t>(proj_per_dir_, lo + (end - item)));
            item += hi - lo;
            const int32_t* rows = step_rows(d, s);
            for (int b = 0; b < B_; ++b)
                if (rows[b] >= 0)
                    op_.kernels->f32_gemv(layer_.dir[d].w_hr_packed.data(), op_.zeros.data(),
                                          job_.hc + (static_cast<size_t>(d) * B_ + b) * Hp_,
                                          h_next(d, s) + static_cast<size_t>(b) * Pp_, H_, P_, lo, hi, kIdentity);
            finish_units(d, s, 8 * lo, 8 * hi);
        }
    }

private:
    const int32_t* step_rows(int d, int s) const { return job_.rows + (static_cast<size_t>(d) * T_ + s) * B_; }
    float* h_prev(int d, int s) const { return job_.h[s % 2] + static_cast<size_t>(d) * B_ * Pp_; }
    float* h_next(int d, int s) const { return job_.h[(s + 1) % 2] + static_cast<size_t>(d) * B_ * Pp_; }

    RnnCellArgs cell_args(int d, int s, int pass) const {
        const size_t state = static_cast<size_t>(d) * B_ * Hp_;
        RnnCellArgs a{};
        a.batch = B_;
        a.k = P_;
        a.hidden_padded = Hp_;
        a.rows = step_rows(d, s);
        a.xproj = job_.xproj + static_cast<size_t>(d) * G_ * Hp_;
        a.xproj_row_stride = int64_t{D_} * G_ * Hp_;
        // The small-batch cells read halves when there are any; the batched cells read floats.
        const RnnDirectionWeights& weights = layer_.dir[d];
        const bool half = !batched_ && weights.w_hh_half.size() != 0;
        a.w = half ? nullptr : weights.w_hh_tiles.data();
        a.w_half = half ? reinterpret_cast<const uint16_t*>(weights.w_hh_half.data()) : nullptr;
        a.h_prev = h_prev(d, s);
        a.h_prev_stride = Pp_;
        a.h_out = proj_ ? job_.hc + state : h_next(d, s);
        a.h_out_stride = proj_ ? Hp_ : Pp_;
        a.c = job_.c != nullptr ? job_.c + state : nullptr;
        a.c_stride = Hp_;
        a.bias_hn = weights.b_hn.data();
        a.gru_rh = job_.gru_rh != nullptr ? job_.gru_rh + state : nullptr;
        a.gru_z = job_.gru_z != nullptr ? job_.gru_z + state : nullptr;
        a.gru_stride = Hp_;
        a.gru_pass = pass;
        a.relu = op_.desc.cell == CORENN_RNN_RELU;
        a.clip = op_.desc.clip;
        a.peephole = weights.peephole.size() == 0 ? nullptr : weights.peephole.data();
        a.input_forget = (op_.desc.flags & CORENN_RNN_LSTM_INPUT_FORGET) != 0;
        return a;
    }

    // Once units [from, to) of h_next are final: elements past their length keep their state,
    // and y gets the new h (or zeros past the length).
    void finish_units(int d, int s, int from, int to) const {
        const int32_t* rows = step_rows(d, s);
        const int y_to = std::min(to, P_);
        for (int b = 0; b < B_; ++b) {
            float* next = h_next(d, s) + static_cast<size_t>(b) * Pp_;
            const int32_t row = rows[b] >= 0 ? rows[b] : -rows[b] - 1;
            float* y = job_.y == nullptr || from >= y_to
                           ? nullptr
                           : job_.y + (row / B_) * job_.y_t_stride + (row % B_) * job_.y_b_stride + d * P_ + from;
            if (rows[b] < 0) {
                const float* prev = h_prev(d, s) + static_cast<size_t>(b) * Pp_;
                std::copy(prev + from, prev + to, next + from);
                if (y != nullptr) std::fill(y, y + (y_to - from), 0.0f);
            } else if (y != nullptr) {
                std::copy(next + from, next + y_to, y);
            }
        }
    }

    const RnnRecurrence& job_;
    const corenn_rnn& op_;
    const RnnLayerWeights& layer_;
    const int T_, B_, G_, D_, H_, Hp_, P_, Pp_;
    const bool batched_, proj_;
    const f32_lstm_cell_fn cell_;
    const int cell_per_dir_, proj_per_dir_;
};

}  // namespace

void rnn_recurrence_run(const RnnRecurrence& job, int threads) {
    if (job.seq_len == 0 || job.batch == 0) return;
    const Stepper stepper(job);
    const int64_t cell_items = stepper.cell_items(), proj_items = stepper.proj_items();
    const int team = static_cast<int>(std::max<int64_t>(1, std::min<int64_t>(threads, cell_items)));
    if (team == 1) {
        DenormalsFlushed scope;
        stepper.input_phase(0, stepper.input_items());
        for (int s = 0; s < job.seq_len; ++s) {
            stepper.cell_phase(s, stepper.two_pass() ? 1 : 0, 0, cell_items);
            if (stepper.two_pass()) stepper.cell_phase(s, 2, 0, cell_items);
            if (stepper.projected()) stepper.proj_phase(s, 0, proj_items);
        }
        return;
    }
    // Phase 0 is the input projection; then per step the cell pass (GRU two-pass: passes 1 and 2)
    // and the LSTM projection. A few chunks per thread: claims stay rare, and one thread can take
    // over a missing one's share.
    enum class Kind { input, cell, projection };
    struct Phase {
        Kind kind;
        int pass;
        int64_t items;
        int chunks;
    };
    constexpr int kChunksPerThread = 2;
    const auto make_phase = [team](Kind kind, int pass, int64_t items) {
        return Phase{kind, pass, items, static_cast<int>(std::min<int64_t>(items, int64_t{team} * kChunksPerThread))};
    };
    const Phase input = make_phase(Kind::input, 0, stepper.input_items());
    Phase step_phases[3];
    int per_step = 0;
    step_phases[per_step++] = make_phase(Kind::cell, stepper.two_pass() ? 1 : 0, cell_items);
    if (stepper.two_pass()) step_phases[per_step++] = make_phase(Kind::cell, 2, cell_items);
    if (stepper.projected()) step_phases[per_step++] = make_phase(Kind::projection, 0, proj_items);
    const int64_t total = 1 + int64_t{job.seq_len} * per_step;
    const auto phase_at = [&](int64_t p) -> const Phase& { return p == 0 ? input : step_phases[(p - 1) % per_step]; };
    PhaseScheduler scheduler;
    scheduler.open_first(input.chunks);
    auto body = [&](int index) {
        DenormalsFlushed scope;
        const bool from_back = index % 2 == 1;
        // Home halves make sense for a pair; larger teams (more threads than cores) share freely.
        const bool always_steal = team > 2;
        for (int64_t p = 0; p < total; ++p) {
            const Phase& phase = phase_at(p);
            const int s = p == 0 ? 0 : static_cast<int>((p - 1) / per_step);
            const int next_chunks = p + 1 < total ? phase_at(p + 1).chunks : 0;
            const uint32_t id = static_cast<uint32_t>(p);  // phases compare modulo 2^32
            const auto run_claims = [&](bool steal) {
                for (int chunk = 0; scheduler.claim(id, from_back, steal, chunk);) {
                    const int64_t begin = phase.items * chunk / phase.chunks;
                    const int64_t end = phase.items * (chunk + 1) / phase.chunks;
                    if (phase.kind == Kind::input) stepper.input_phase(begin, end);
                    else if (phase.kind == Kind::projection) stepper.proj_phase(s, begin, end);
                    else stepper.cell_phase(s, phase.pass, begin, end);
                    scheduler.complete(id, next_chunks);
                }
            };
            scheduler.wait_open(id);
            run_claims(always_steal);
            // The peer's half: left to it while it is running; taken over once the phase stalls.
            if (!scheduler.wait_open_briefly(id + 1)) run_claims(true);
        }
    };
    run_with_helpers(team, body);
}

}  // namespace corenn
