#include "common/parallel.h"

#include <omp.h>

namespace corenn {

int omp_thread_index() { return omp_get_thread_num(); }
int omp_thread_count() { return omp_get_num_threads(); }
int max_threads_allowed() { return 1024; }

}  // namespace corenn
