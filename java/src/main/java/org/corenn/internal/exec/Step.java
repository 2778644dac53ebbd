package org.corenn.internal.exec;

/** One planned computation: reads and writes values of a {@link Frame}; allocates nothing. */
public interface Step {
    void run(Frame frame);
}
