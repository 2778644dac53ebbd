package org.corenn.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The server scenario in the quick mode: {@code clients} request threads share one model per engine
 * (loaded once with 1 intra-op thread; each thread calls it through its own client), calling back to
 * back. The engines take turns as in {@link QuickRow}; each turn starts all threads together and runs
 * them for a slice. Reports every call's latency and the throughput (calls / wall time of the turns).
 */
final class ServerRow {
    private static final int TURNS = 5;
    private static final long PAUSE_MS = 20;

    private ServerRow() {
    }

    /** Loads each engine's model, opens and checks its clients, warms up, then measures. */
    static List<QuickResult> measure(BenchCase c, List<Engine> engines, int clients, double seconds)
            throws Exception {
        List<LoadedModel> models = new ArrayList<>();
        List<List<Runner>> runners = new ArrayList<>();
        try {
            for (Engine engine : engines) {
                LoadedModel model = engine.load(c, 1);
                models.add(model);
                List<Runner> engineClients = new ArrayList<>();
                runners.add(engineClients);
                for (int i = 0; i < clients; i++) {
                    Runner client = model.newClient();
                    engineClients.add(client);
                    client.run();
                    OutputCheck.verify(c, engine.name(), client.outputs());
                }
            }
            long slice = (long) (seconds * 1e9 / TURNS);
            Turn[] totals = new Turn[engines.size()];
            for (int e = 0; e < engines.size(); e++) {
                turn(runners.get(e), slice / 4);  // warm-up, on the same threads layout
                totals[e] = new Turn(new long[0], 0);
            }
            for (int t = 0; t < TURNS; t++) {
                for (int e = 0; e < engines.size(); e++) {
                    totals[e] = totals[e].plus(turn(runners.get(e), slice));
                }
            }
            List<QuickResult> row = new ArrayList<>();
            for (int e = 0; e < engines.size(); e++) {
                Engine engine = engines.get(e);
                Turn total = totals[e];
                row.add(new QuickResult(c.name(), engine.name(), engine.version(), engine.settings(1), 1, clients,
                        new Latencies(total.nanos, total.nanos.length), total.nanos.length / (total.wallNanos / 1e9)));
            }
            return row;
        } finally {
            for (List<Runner> engineClients : runners) {
                engineClients.forEach(Runner::close);
            }
            models.forEach(LoadedModel::close);
        }
    }

    /** Every call's time of one turn, and the turn's wall time from the common start to the last return. */
    private record Turn(long[] nanos, long wallNanos) {
        Turn plus(Turn other) {
            long[] all = new long[nanos.length + other.nanos.length];
            System.arraycopy(nanos, 0, all, 0, nanos.length);
            System.arraycopy(other.nanos, 0, all, nanos.length, other.nanos.length);
            return new Turn(all, wallNanos + other.wallNanos);
        }
    }

    /** Runs every client on its own thread, all started together, each until {@code duration} ns have passed. */
    private static Turn turn(List<Runner> clients, long duration) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        long end = System.nanoTime() + duration + PAUSE_MS * 1_000_000;  // the threads start within the pause
        List<Caller> callers = new ArrayList<>();
        for (int i = 0; i < clients.size(); i++) {
            Caller caller = new Caller(clients.get(i), start, end, "server-client-" + i);
            caller.start();
            callers.add(caller);
        }
        Thread.sleep(PAUSE_MS);
        long begin = System.nanoTime();
        start.countDown();
        long[] all = new long[0];
        for (Caller caller : callers) {
            caller.join();
            if (caller.failure != null) {
                throw new IllegalStateException("server client failed: " + caller.failure, caller.failure);
            }
            int at = all.length;
            all = Arrays.copyOf(all, at + caller.count);
            System.arraycopy(caller.nanos, 0, all, at, caller.count);
        }
        return new Turn(all, System.nanoTime() - begin);
    }

    /** One request thread: calls its client back to back from the start signal until {@code end}. */
    private static final class Caller extends Thread {
        private final Runner client;
        private final CountDownLatch start;
        private final long end;
        private long[] nanos = new long[1024];
        private int count;
        private RuntimeException failure;

        Caller(Runner client, CountDownLatch start, long end, String name) {
            super(name);
            this.client = client;
            this.start = start;
            this.end = end;
        }

        @Override
        public void run() {
            try {
                start.await();
                do {
                    long t0 = System.nanoTime();
                    client.run();
                    long took = System.nanoTime() - t0;
                    if (count == nanos.length) {
                        nanos = Arrays.copyOf(nanos, 2 * count);
                    }
                    nanos[count++] = took;
                } while (System.nanoTime() < end);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                failure = e;
            }
        }
    }
}
