// Large frames decoded on libuv's pool (protocol/frame.hpp): a picture
// upload's frame is several megabytes, and decoding it copies them into
// the command (fresh pages, faulted in one go), which took the loop thread
// milliseconds while other clients' Pings waited. The pool thread decodes
// and frees the frame; the loop thread only handles the decoded message.
#include <memory>

#include "protocol/codec.hpp"
#include "server/server.hpp"

namespace truinlag::server {
namespace {

struct FrameJob {
  uv_work_t work{};
  Server* server = nullptr;
  Connection::Id connection = 0;
  protocol::OwnedPayload payload;
  protocol::Decoded<ClientMessage> decoded;
};

}  // namespace

void Server::start_frame_decode(Connection& connection, protocol::OwnedPayload payload) {
  auto job = std::make_unique<FrameJob>();
  job->work.data = job.get();
  job->server = this;
  job->connection = connection.id();
  job->payload = std::move(payload);
  auto work = [](uv_work_t* w) {
    auto& job = *static_cast<FrameJob*>(w->data);
    job.decoded = protocol::decode_client(protocol::as_bytes(job.payload.view()));
    job.payload = {};  // freed here, not on the loop thread
  };
  auto done = [](uv_work_t* w, int) {
    std::unique_ptr<FrameJob> job(static_cast<FrameJob*>(w->data));
    Server& server = *job->server;
    if (server.finished_) return;
    const auto it = server.connections_.find(job->connection);
    if (it == server.connections_.end() || it->second->closing()) return;
    Connection& connection = *it->second;
    connection.resume_input(Connection::kPausedForDecode);
    if (!job->decoded.message) {
      server.on_protocol_error(connection, "undecodable message: " + job->decoded.error,
                               job->decoded.request_id);
      return;
    }
    server.on_message(connection, std::move(*job->decoded.message));
  };
  if (uv_queue_work(&loop_, &job->work, work, done) != 0) {
    // Cannot happen with a live loop (libuv fails only on a null callback);
    // run both halves here rather than drop the request.
    work(&job->work);
    done(&job.release()->work, 0);
    return;
  }
  job.release();  // owned by libuv until `done`
}

}  // namespace truinlag::server
