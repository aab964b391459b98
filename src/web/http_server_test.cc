// The HTTP layer on its own: a real HttpServer on a free port with a few routes, spoken to over
// raw sockets so each test controls exactly which bytes arrive and when.
#include "web/http_server.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "web/compression.h"
#include "web/raw_client_test_support.h"

namespace rungs {
namespace {

using std::chrono::milliseconds;
using test::Client;

class HttpServerTest : public testing::Test {
 protected:
  void Start(HttpServerOptions options = {}) {
    options.port = 0;
    options.io_threads = 2;
    if (options.worker_threads == 0) options.worker_threads = 4;
    router_.Get("/hello", [](const HttpRequest& req, HttpResponse& res) {
      res.SetContent("hello " + req.Param("name"), "text/plain; charset=utf-8");
    });
    router_.Get("/long", [](const HttpRequest&, HttpResponse& res) {
      res.SetContent(std::string(4000, 'a'), "text/plain; charset=utf-8");
    });
    router_.Get("/big", [](const HttpRequest&, HttpResponse& res) {
      std::string body(8 << 20, 'x');
      for (size_t i = 0; i < body.size(); i += 4096)
        body[i] = static_cast<char>('a' + i / 4096 % 26);
      res.SetContent(std::move(body), "application/octet-stream");
    });
    router_.GetNonblocking("/fixed", [](const HttpRequest&, HttpResponse& res) {
      res.SetFixed("0123456789", "text/plain");
    });
    router_.Post("/echo", [](const HttpRequest& req, HttpResponse& res) {
      res.SetContent(req.body + "|" + req.FormField("a"), "text/plain");
    });
    router_.Get("/block", [this](const HttpRequest&, HttpResponse& res) {
      std::unique_lock<std::mutex> lock(mutex_);
      ++blocked_;
      changed_.notify_all();
      changed_.wait(lock, [this] { return released_; });
      res.SetContent("done", "text/plain");
    });
    router_.PostStreamed("/upload", 1000, [](const HttpRequest& req, HttpResponse& res) {
      size_t bytes = 0;
      const bool whole = req.stream->Read([&bytes](std::string_view piece) {
        bytes += piece.size();
        return true;
      });
      res.status = whole ? 200 : (req.stream->too_large() ? 413 : 400);
      res.SetContent(std::to_string(bytes), "text/plain");
    });
    server_ = std::make_unique<HttpServer>(router_, options);
    const Status bound = server_->Bind();
    ASSERT_TRUE(bound.ok()) << bound.message;
    thread_ = std::thread([this] { server_->Run(); });
  }
  void TearDown() override {
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      released_ = true;
    }
    changed_.notify_all();
    if (server_) server_->Stop();
    if (thread_.joinable()) thread_.join();
  }
  int port() const { return server_->port(); }

  Router router_;
  std::unique_ptr<HttpServer> server_;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable changed_;
  int blocked_ = 0;
  bool released_ = false;
};

TEST_F(HttpServerTest, PipelinedRequestsAreAnsweredInOrderOnOneConnection) {
  Start();
  Client client(port());
  ASSERT_TRUE(client.connected());
  ASSERT_TRUE(client.Send(
      "GET /hello?name=a HTTP/1.1\r\nHost: x\r\n\r\nGET /fixed HTTP/1.1\r\nHost: x\r\n\r\n"
      "GET /hello?name=%C3%A9 HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_NE(client.ReadResponse().find("\r\n\r\nhello a"), std::string::npos);
  EXPECT_NE(client.ReadResponse().find("\r\n\r\n0123456789"), std::string::npos);
  EXPECT_NE(client.ReadResponse().find("\r\n\r\nhello \xc3\xa9"), std::string::npos);
  EXPECT_FALSE(client.closed());
}

// A worker writes what the socket takes at once and leaves the rest to an I/O thread: an answer
// far larger than the socket's buffer, to a client that starts reading late, arrives whole and
// in order, and the connection goes on to the next request.
TEST_F(HttpServerTest, AnAnswerLargerThanTheSocketBufferArrivesWholeToALateReader) {
  Start();
  Client client(port());
  ASSERT_TRUE(
      client.Send("GET /big HTTP/1.1\r\nHost: x\r\n\r\nGET /hello?name=b HTTP/1.1\r\n"
                  "Host: x\r\n\r\n"));
  std::this_thread::sleep_for(milliseconds(300));
  const std::string big = client.ReadResponse(milliseconds(20'000));
  const size_t start = big.find("\r\n\r\n");
  ASSERT_NE(start, std::string::npos);
  const std::string_view body = std::string_view(big).substr(start + 4);
  ASSERT_EQ(body.size(), size_t{8 << 20});
  for (size_t i = 0; i < body.size(); i += 4096) {
    ASSERT_EQ(body[i], static_cast<char>('a' + i / 4096 % 26)) << "at byte " << i;
  }
  EXPECT_NE(client.ReadResponse().find("\r\n\r\nhello b"), std::string::npos);
}

TEST_F(HttpServerTest, HeadIsAGetWithoutTheBodyAndEveryAnswerHasTheSecurityHeaders) {
  Start();
  Client client(port());
  ASSERT_TRUE(client.Send("HEAD /fixed HTTP/1.1\r\nHost: x\r\n\r\n"));
  const std::string head = client.ReadFor(milliseconds(300));
  EXPECT_NE(head.find("HTTP/1.1 200 OK"), std::string::npos);
  EXPECT_NE(head.find("Content-Length: 10\r\n"), std::string::npos);
  EXPECT_EQ(head.find("0123456789"), std::string::npos);
  EXPECT_NE(head.find("X-Content-Type-Options: nosniff"), std::string::npos);
  EXPECT_NE(head.find("Content-Security-Policy: "), std::string::npos);
}

TEST_F(HttpServerTest, ASingleRangeOfAFixedBody) {
  Start();
  Client client(port());
  ASSERT_TRUE(client.Send("GET /fixed HTTP/1.1\r\nHost: x\r\nRange: bytes=2-4\r\n\r\n"));
  std::string response = client.ReadResponse();
  EXPECT_NE(response.find("HTTP/1.1 206"), std::string::npos) << response;
  EXPECT_NE(response.find("Content-Range: bytes 2-4/10"), std::string::npos);
  EXPECT_NE(response.find("\r\n\r\n234"), std::string::npos);
  ASSERT_TRUE(client.Send("GET /fixed HTTP/1.1\r\nHost: x\r\nRange: bytes=20-\r\n\r\n"));
  response = client.ReadResponse();
  EXPECT_NE(response.find("HTTP/1.1 416"), std::string::npos) << response;
  EXPECT_NE(response.find("Content-Range: bytes */10"), std::string::npos);
}

TEST_F(HttpServerTest, BodiesAreGzippedForClientsThatAcceptIt) {
  Start();
  Client client(port());
  ASSERT_TRUE(client.Send("GET /long HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\n\r\n"));
  const std::string response = client.ReadResponse();
  EXPECT_NE(response.find("Content-Encoding: gzip"), std::string::npos) << response;
  EXPECT_LT(response.size(), 1000u);
  ASSERT_TRUE(client.Send("GET /long HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_NE(client.ReadResponse().find(std::string(4000, 'a')), std::string::npos);
}

TEST_F(HttpServerTest, FormBodiesAreReadWithTheirFields) {
  Start();
  Client client(port());
  ASSERT_TRUE(
      client.Send("POST /echo?a=from-query HTTP/1.1\r\nHost: x\r\nContent-Type: "
                  "application/x-www-form-urlencoded\r\nContent-Length: 7\r\n\r\na=b+c&d"));
  // The form field, not the query's.
  EXPECT_NE(client.ReadResponse().find("\r\n\r\na=b+c&d|b c"), std::string::npos);
  ASSERT_TRUE(client.Send(
      "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0"
      "\r\n\r\n"));
  EXPECT_NE(client.ReadResponse().find("\r\n\r\nabcde|"), std::string::npos);
}

TEST_F(HttpServerTest, TextThatIsNotUtf8IsRefusedNamingTheField) {
  Start();
  for (const std::string request :
       {"GET /hello?name=%C3 HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET /hello?name=%zz HTTP/1.1\r\nHost: x\r\n\r\n", "GET /%ff HTTP/1.1\r\nHost: x\r\n\r\n",
        "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        "Content-Length: 8\r\n\r\nname=%FE"}) {
    Client client(port());
    ASSERT_TRUE(client.Send(request));
    const std::string response = client.ReadResponse();
    EXPECT_NE(response.find("HTTP/1.1 400"), std::string::npos) << request << response;
    EXPECT_EQ(response.find("500"), std::string::npos);
    if (request.find("name=%") != std::string::npos) {
      EXPECT_NE(response.find("name: "), std::string::npos) << response;
    }
  }
}

TEST_F(HttpServerTest, AChunkedBodyPastTheLimitIs413AtOnceAndTheConnectionCloses) {
  Start();
  Client client(port());
  ASSERT_TRUE(client.Send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"));
  const std::string chunk = "10000\r\n" + std::string(0x10000, 'x') + "\r\n";
  for (int i = 0; i < 64 && client.Send(chunk); ++i) {
  }
  const std::string response = client.ReadToClose();
  EXPECT_NE(response.find("HTTP/1.1 413"), std::string::npos) << response.substr(0, 200);
  EXPECT_TRUE(client.closed());
  // A declared length over the limit is refused before a byte of the body is read.
  Client declared(port());
  ASSERT_TRUE(
      declared.Send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1073741824\r\n\r\n"));
  EXPECT_NE(declared.ReadToClose().find("HTTP/1.1 413"), std::string::npos);
}

TEST_F(HttpServerTest, AStreamedRouteReadsItsBodyInPiecesUpToItsOwnLimit) {
  Start();
  Client client(port());
  ASSERT_TRUE(client.Send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 900\r\n\r\n" +
                          std::string(900, 'u')));
  EXPECT_NE(client.ReadResponse().find("\r\n\r\n900"), std::string::npos);
  Client chunked(port());
  ASSERT_TRUE(
      chunked.Send("POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                   "400\r\n" +
                   std::string(1024, 'u') + "\r\n0\r\n\r\n"));
  const std::string response = chunked.ReadToClose();
  EXPECT_NE(response.find("HTTP/1.1 413"), std::string::npos) << response;
}

TEST_F(HttpServerTest, AHeadLargerThanTheLimitIs431) {
  HttpServerOptions options;
  options.max_header_bytes = 2048;
  Start(options);
  Client client(port());
  ASSERT_TRUE(client.Send("GET /hello HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(4000, 'b') +
                          "\r\n\r\n"));
  EXPECT_NE(client.ReadToClose().find("HTTP/1.1 431"), std::string::npos);
}

TEST_F(HttpServerTest, ASlowHeadIsCutOffAtItsDeadlineWhateverItsPace) {
  HttpServerOptions options;
  options.head_timeout = milliseconds(300);
  Start(options);
  Client client(port());
  ASSERT_TRUE(client.Send("GET /hello HTTP/1.1\r\n"));
  // A byte every 50 ms would keep a per-read timeout alive for ever.
  bool cut = false;
  for (int i = 0; i < 100 && !cut; ++i) {
    cut = !client.Send("X") || (client.ReadFor(milliseconds(50)), client.closed());
  }
  EXPECT_TRUE(cut);
}

TEST_F(HttpServerTest, ConnectionsPastTheCapForOneAddressAreRefusedOthersStillServed) {
  HttpServerOptions options;
  options.max_connections_per_address = 4;
  Start(options);
  std::vector<std::unique_ptr<Client>> held;
  for (int i = 0; i < 4; ++i) {
    held.push_back(std::make_unique<Client>(port()));
    ASSERT_TRUE(held.back()->Send("GET /hello HTTP/1.1\r\n"));  // never finished
  }
  std::this_thread::sleep_for(milliseconds(100));
  Client refused(port());
  EXPECT_NE(refused.ReadToClose().find("503"), std::string::npos);
  Client other(port(), "127.0.0.2");
  ASSERT_TRUE(other.Send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_NE(other.ReadResponse().find("HTTP/1.1 200"), std::string::npos);
}

TEST_F(HttpServerTest, AFullWorkerQueueIsA503WithRetryAfterWhileMemoryRoutesStillAnswer) {
  HttpServerOptions options;
  options.worker_threads = 1;
  options.worker_queue = 1;
  Start(options);
  Client first(port());
  ASSERT_TRUE(first.Send("GET /block HTTP/1.1\r\nHost: x\r\n\r\n"));
  {
    std::unique_lock<std::mutex> lock(mutex_);
    ASSERT_TRUE(changed_.wait_for(lock, std::chrono::seconds(5), [this] { return blocked_ == 1; }));
  }
  Client queued(port());
  ASSERT_TRUE(queued.Send("GET /block HTTP/1.1\r\nHost: x\r\n\r\n"));
  std::this_thread::sleep_for(milliseconds(100));
  Client third(port());
  ASSERT_TRUE(third.Send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n"));
  const std::string busy = third.ReadResponse();
  EXPECT_NE(busy.find("HTTP/1.1 503"), std::string::npos) << busy;
  EXPECT_NE(busy.find("Retry-After: 1"), std::string::npos);
  Client fixed(port());
  ASSERT_TRUE(fixed.Send("GET /fixed HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_NE(fixed.ReadResponse().find("HTTP/1.1 200"), std::string::npos);
}

TEST_F(HttpServerTest, ASecondServerOnAPortInUseRefusesToStart) {
  Start();
  HttpServerOptions options;
  options.port = port();
  Router router;
  HttpServer second(router, options);
  const Status bound = second.Bind();
  ASSERT_FALSE(bound.ok());
  EXPECT_NE(bound.message.find("in use"), std::string::npos) << bound.message;
}

}  // namespace
}  // namespace rungs
