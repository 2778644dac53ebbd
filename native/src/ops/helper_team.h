// A team for fine-grained parallel work that must not wait for threads the OS has not scheduled.
//
// run_with_helpers(team, body) runs body(0) on the calling thread and body(1..team-1) on helper
// threads that join if and when they get a core; it returns once body has returned on the caller
// and on every helper that joined. The body must let the caller finish all the work alone (work is
// claimed, as with PhaseScheduler): a helper that joins late finds nothing left to do. An OpenMP
// region instead waits at its end for every thread of the team to arrive, which on a busy machine
// costs a scheduler time slice (milliseconds) per region, more than a whole recurrent layer.
//
// Each calling thread has its own helpers, started on its first call that needs them and stopped
// when it exits. Between jobs a helper spins briefly (the next layer follows within microseconds),
// then sleeps on a condition variable (a futex) so that an idle helper never takes a core.
#pragma once

namespace corenn {

using HelperBody = void (*)(void* context, int index);

void run_with_helpers(int team, HelperBody body, void* context);

template <typename Body>
void run_with_helpers(int team, Body& body) {
    run_with_helpers(team, [](void* context, int index) { (*static_cast<Body*>(context))(index); }, &body);
}

}  // namespace corenn
