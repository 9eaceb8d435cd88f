// The Server's side of picture jobs (picture_jobs.hpp): taking a picture
// command off the request path, and bringing its result back into the
// batch on the loop thread.
#include <memory>

#include "protocol/codec.hpp"
#include "server/log.hpp"
#include "server/server.hpp"

namespace truinlag::server {
namespace {

// Room left in an answer's frame for everything but the pictures' bytes.
constexpr std::size_t kAnswerOverhead = 64u << 10;

bool is_upload(const Command& command) {
  return std::holds_alternative<UploadPlayerPicture>(command) ||
         std::holds_alternative<UploadTeamPicture>(command) ||
         std::holds_alternative<UploadPeriodPictures>(command);
}

}  // namespace

bool Server::start_picture_job(const Requester& who, Request& request) {
  Connection* connection = who.connection;
  if (!is_picture_command(request.command)) return false;
  // An upload changes state: its key is kept (reads are not keyed).
  std::optional<std::string> key = is_upload(request.command) ? request.key : std::nullopt;
  if (is_upload(request.command)) {
    // Refusals that need no decoding are answered at once, in order with
    // the connection's other requests.
    if (auto refusal = engine_.check_upload(request.command)) {
      answer_in_batch(who, request.id, key, std::move(refusal->result));
      return true;
    }
  }
  auto job = std::make_unique<PictureJob>();
  job->work.data = job.get();
  job->server = this;
  job->connection = who.id();
  job->from_gateway = who.from_gateway();
  job->principal = who.principal;
  job->key = std::move(key);
  job->request = request.id;
  job->command = std::move(request.command);
  job->limits = pictures::Limits{options_.max_picture_bytes, options_.max_picture_pixels};
  job->answer_limit =
      options_.max_frame_bytes > kAnswerOverhead ? options_.max_frame_bytes - kAnswerOverhead : 0;
  job->now = now();
  job->store = &pictures_;
  ++picture_jobs_in_flight_;
  // (A gateway client's messages are bounded by its message limit; its
  // reading is not paused.)
  if (connection != nullptr && ++picture_jobs_[connection->id()] >= kPictureJobsPerConnection) {
    connection->pause_input(Connection::kPausedForJobs);
  }
  picture_waiting_.push_back(std::move(job));
  pump_picture_jobs();
  return true;
}

void Server::pump_picture_jobs() {
  while (!finished_ && picture_running_ < picture_workers_ && !picture_waiting_.empty()) {
    std::unique_ptr<PictureJob> job = std::move(picture_waiting_.front());
    picture_waiting_.pop_front();
    const int queued = uv_queue_work(&loop_, &job->work, &on_picture_work, &on_picture_done);
    if (queued != 0) {
      // libuv refuses only a null callback; answered, never dropped.
      job->failure = std::string("cannot queue picture work: ") + uv_strerror(queued);
      finish_picture_job(*job);
      continue;
    }
    job.release();  // owned by libuv until on_picture_done
    ++picture_running_;
  }
}

void Server::on_picture_work(uv_work_t* work) {
  run_picture_job(*static_cast<PictureJob*>(work->data));
}

void Server::on_picture_done(uv_work_t* work, int) {
  std::unique_ptr<PictureJob> job(static_cast<PictureJob*>(work->data));
  Server& server = *job->server;
  --server.picture_running_;
  server.finish_picture_job(*job);
  server.pump_picture_jobs();
}

void Server::finish_picture_job(PictureJob& job) {
  --picture_jobs_in_flight_;
  const auto it = job.from_gateway ? connections_.end() : connections_.find(job.connection);
  const bool connected = job.from_gateway ? gateway_ && gateway_->has_client(job.connection)
                                          : it != connections_.end() && !it->second->closing();
  if (auto count = job.from_gateway ? picture_jobs_.end() : picture_jobs_.find(job.connection);
      count != picture_jobs_.end()) {
    const int left = --count->second;
    if (left == 0) picture_jobs_.erase(count);  // `count` is gone from here on
    if (connected && left == kPictureJobsPerConnection - 1) {
      it->second->resume_input(Connection::kPausedForJobs);
    }
  }
  if (finished_) return;  // stopped (fatally or cleanly) while the job ran
  if (!connected) {
    // Nobody will learn the new ids: attach nothing. Pictures already in
    // the file stay unreferenced, like those of a crash between the two
    // commits (docs/storage.md).
    if (!job.ids.empty()) {
      log::info("connection ", job.connection, " left before its ", job.ids.size(),
                " picture(s) were attached; not attached");
    }
    return;
  }
  Result result = Success{};
  std::vector<store::LoggedBroadcast> broadcasts;
  if (job.failure) {
    log::error("picture command of connection ", job.connection, " failed: ", *job.failure);
    result = Failure{Internal{"the picture file failed: " + *job.failure}};
  } else if (job.refusal) {
    result = Failure{*job.refusal};
  } else if (std::holds_alternative<GetPictures>(job.command) ||
             std::holds_alternative<GetThumbnails>(job.command)) {
    result = Pictures{std::move(job.found)};
  } else {
    engine::Outcome outcome = engine_.attach_pictures(job.command, job.ids);
    absorb(outcome);
    batch_changes_.add(outcome);
    broadcasts = log_broadcasts(outcome);
    result = std::move(outcome.result);
  }
  // Answered in the next prepare phase, after the batch's commit, like
  // every request (a key's answer stored in that commit).
  const Requester who{job.from_gateway ? nullptr : it->second.get(), job.connection, job.principal};
  answer_in_batch(who, job.request, job.key, std::move(result), std::move(broadcasts));
}

}  // namespace truinlag::server
