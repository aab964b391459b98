// The Tracker's framework rules (tracker.h): only admins see the uploaded files and change
// what is served.
#include <fmt/format.h>

#include "progress/tracker.h"

namespace rungs {
namespace {

Status OnlyAdmins(const User& viewer, FrameworkLibrary* library, const char* what) {
  if (Status s = Tracker::CheckAdmin(viewer, what); !s.ok()) return s;
  if (library == nullptr) {
    return Status::Unavailable("this server's frameworks cannot be changed while it runs");
  }
  return Status::Ok();
}

}  // namespace

Result<FrameworkLibraryState> Tracker::FrameworkFiles(const User& viewer) {
  if (Status s = OnlyAdmins(viewer, library_, "manage frameworks"); !s.ok()) return s;
  return library_->State();
}

Result<FrameworkUploadCheck> Tracker::CheckFrameworkUpload(const User& viewer,
                                                           const std::string& name,
                                                           const std::string& bytes) {
  if (Status s = OnlyAdmins(viewer, library_, "upload frameworks"); !s.ok()) return s;
  return library_->Check(name, bytes);
}

Result<FrameworkUploadCheck> Tracker::PublishFramework(const User& viewer, const std::string& name,
                                                       const std::string& bytes) {
  if (Status s = OnlyAdmins(viewer, library_, "upload frameworks"); !s.ok()) return s;
  return library_->Publish(name, bytes, ActorOf(viewer));
}

Status Tracker::RemoveFrameworkFile(const User& viewer, const std::string& name) {
  if (Status s = OnlyAdmins(viewer, library_, "remove frameworks"); !s.ok()) return s;
  return library_->Remove(name, ActorOf(viewer));
}

}  // namespace rungs
