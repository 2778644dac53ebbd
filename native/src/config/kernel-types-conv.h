// Function types of the conv family's kernel slots (see kernels.h). Included inside namespace corenn.
