#include "server/picture_jobs.hpp"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <thread>

#include "api/overloaded.hpp"
#include "store/store_error.hpp"

namespace truinlag::server {
namespace {

// Pool threads decode at a lower priority than the loop thread, so on a
// machine with fewer cores than busy pool threads a Ping still finds the
// loop thread running within milliseconds (issue 16's Ping p99 under
// twenty uploading clients). Linux applies setpriority to one thread.
void lower_this_threads_priority() {
  thread_local bool lowered = false;
  if (lowered) return;
  lowered = true;
  ::setpriority(PRIO_PROCESS, static_cast<id_t>(::syscall(SYS_gettid)), 10);
}

// Prepares every picture of an upload; the first problem refuses all of
// them (an upload is stored whole or not at all).
template <class Prepare>
std::optional<Error> prepare_all(std::vector<std::string*> jpegs, const pictures::Limits& limits,
                                 Prepare prepare, std::vector<pictures::Prepared>& out) {
  for (std::size_t i = 0; i < jpegs.size(); ++i) {
    auto prepared = prepare(std::move(*jpegs[i]), limits);
    // The bytes now live in `prepared` (or are gone); the command keeps
    // only what attach_pictures needs.
    jpegs[i]->clear();
    jpegs[i]->shrink_to_fit();
    if (auto* problem = std::get_if<pictures::Problem>(&prepared)) {
      const std::string which = jpegs.size() > 1 ? "picture " + std::to_string(i + 1) + " of " +
                                                       std::to_string(jpegs.size()) + ": "
                                                 : "";
      return PictureProblem{which + problem->text};
    }
    out.push_back(std::move(std::get<pictures::Prepared>(prepared)));
  }
  return std::nullopt;
}

}  // namespace

unsigned picture_workers_for(unsigned configured) {
  if (configured != 0) return configured;
  const unsigned cores = std::thread::hardware_concurrency();  // 0: unknown
  return cores > 1 ? cores - 1 : 1;
}

bool is_picture_command(const Command& command) {
  return std::holds_alternative<UploadPlayerPicture>(command) ||
         std::holds_alternative<UploadTeamPicture>(command) ||
         std::holds_alternative<UploadPeriodPictures>(command) ||
         std::holds_alternative<GetPictures>(command) ||
         std::holds_alternative<GetThumbnails>(command);
}

void run_picture_job(PictureJob& job) {
  lower_this_threads_priority();
  try {
    std::vector<pictures::Prepared> prepared;
    auto upload = [&](std::vector<std::string*> jpegs, auto prepare, store::PictureKind kind) {
      job.refusal = prepare_all(std::move(jpegs), job.limits, prepare, prepared);
      if (!job.refusal) job.ids = job.store->put(prepared, kind, job.now);
    };
    std::visit(
        Overloaded{[&](UploadPlayerPicture& c) {
                     upload({&c.jpeg}, pictures::prepare_profile, store::PictureKind::Profile);
                   },
                   [&](UploadTeamPicture& c) {
                     upload({&c.jpeg}, pictures::prepare_profile, store::PictureKind::Profile);
                   },
                   [&](UploadPeriodPictures& c) {
                     std::vector<std::string*> jpegs;
                     for (std::string& jpeg : c.jpegs) jpegs.push_back(&jpeg);
                     upload(std::move(jpegs), pictures::prepare_proof, store::PictureKind::Proof);
                   },
                   [&](GetPictures& c) {
                     auto read = job.store->get(c.ids, false, job.answer_limit);
                     if (auto* too_big = std::get_if<std::string>(&read))
                       job.refusal = BadData{*too_big};
                     else
                       job.found = std::move(std::get<std::vector<Picture>>(read));
                   },
                   [&](GetThumbnails& c) {
                     auto read = job.store->get(c.ids, true, job.answer_limit);
                     if (auto* too_big = std::get_if<std::string>(&read))
                       job.refusal = BadData{*too_big};
                     else
                       job.found = std::move(std::get<std::vector<Picture>>(read));
                   },
                   [](auto&) {}},
        job.command);
  } catch (const std::exception& e) {
    job.failure = e.what();
  }
  // The pictures' bytes were freed with `prepared`, on this thread, before
  // the loop thread gets round to the job.
}

}  // namespace truinlag::server
