// Function types of the rnn family's kernel slots (see kernels.h). Included inside namespace corenn.
