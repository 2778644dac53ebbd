package org.corenn.runtime;

/**
 * How ops and models run: the explicit thread count each call uses and the ISA level kernels are
 * chosen for. Immutable; {@code with*} return a modified copy.
 *
 * <p>The default thread count is the number of physical cores, right for one caller at a time. A
 * server that calls from many request threads should use {@code withThreads(1)} so Corenn never
 * oversubscribes the cores its own threads already use.
 */
public final class Options {
    /** Upper bound on threads, matching the native library's sanity cap. */
    public static final int MAX_THREADS = 1024;

    private final int threads;
    private final Isa isa;
    private final BlockedLayout blockedLayout;

    /** Which convolutions a compiled Model chains on the channel-blocked layout NCHW8c. */
    public enum BlockedLayout {
        /** None: every layer runs on NCHW. */
        OFF,
        /** Those the native library reports as faster that way (none without a vector direct kernel). */
        AUTO,
        /** Every one the direct NCHW8c kernel supports, faster or not: for tests and benchmarks. */
        ALL
    }

    private Options(int threads, Isa isa, BlockedLayout blockedLayout) {
        this.threads = threads;
        this.isa = isa;
        this.blockedLayout = blockedLayout;
    }

    /** Physical cores, automatic ISA. */
    public static Options defaults() {
        return new Options(CpuInfo.current().physicalCores(), Isa.AUTO, BlockedLayout.AUTO);
    }

    public Options withThreads(int threads) {
        if (threads < 1 || threads > MAX_THREADS) {
            throw new IllegalArgumentException("options: threads must be in [1, " + MAX_THREADS + "], got " + threads);
        }
        return new Options(threads, isa, blockedLayout);
    }

    public Options withIsa(Isa isa) {
        if (isa == null) {
            throw new NullPointerException("options: isa must not be null");
        }
        if (isa != Isa.AUTO && isa.code() > CpuInfo.current().bestIsa().code()) {
            throw new IllegalArgumentException("options: isa " + isa + " is not supported by this CPU (best: "
                    + CpuInfo.current().bestIsa() + ")");
        }
        return new Options(threads, isa, blockedLayout);
    }

    /**
     * Which convolutions (with what was fused into them) and the poolings between them a compiled Model
     * runs as chains on the channel-blocked layout NCHW8c, converting only at each chain's ends
     * (default {@link BlockedLayout#AUTO}).
     */
    public Options withBlockedLayout(BlockedLayout blockedLayout) {
        if (blockedLayout == null) {
            throw new NullPointerException("options: blockedLayout must not be null");
        }
        return new Options(threads, isa, blockedLayout);
    }

    public BlockedLayout blockedLayout() {
        return blockedLayout;
    }

    public int threads() {
        return threads;
    }

    public Isa isa() {
        return isa;
    }

    @Override
    public String toString() {
        String layout = blockedLayout == BlockedLayout.AUTO ? "" : ", blockedLayout=" + blockedLayout;
        return "Options[threads=" + threads + ", isa=" + isa + layout + "]";
    }
}
