package org.corenn.demo;

import org.corenn.generate.TokenDecoder;

/** Passes every call to a decoder and records how long each {@link #step} took. */
final class TimedDecoder implements TokenDecoder {
    private final TokenDecoder decoder;
    final LatencyRecorder latency;

    TimedDecoder(TokenDecoder decoder, int maxSteps) {
        this.decoder = decoder;
        this.latency = new LatencyRecorder(maxSteps);
    }

    @Override
    public int vocabularySize() {
        return decoder.vocabularySize();
    }

    @Override
    public int capacity() {
        return decoder.capacity();
    }

    @Override
    public void step(int[] tokens, int count, float[] logits) {
        long start = System.nanoTime();
        decoder.step(tokens, count, logits);
        latency.record(System.nanoTime() - start);
    }

    @Override
    public void reorder(int[] sources, int count) {
        decoder.reorder(sources, count);
    }

    @Override
    public void prime(int[] prompt, float[] logits) {
        decoder.prime(prompt, logits);
    }
}
