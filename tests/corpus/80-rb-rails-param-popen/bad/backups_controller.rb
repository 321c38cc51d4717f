# Admin page for the nightly database backups: lists archives and lets an
# operator download one or verify its checksum.
require "open3"

class Admin::BackupsController < Admin::BaseController
  BACKUP_DIR = Rails.root.join("storage", "backups")

  before_action :require_operator

  def index
    @archives = Dir.children(BACKUP_DIR).sort.reverse.first(30)
  end

  def show
    send_file archive_path, type: "application/gzip", disposition: "attachment"
  end

  def verify
    archive = archive_path
    algo = params.fetch(:algo, "sha256")
    out, status = Open3.capture2("#{algo}sum #{archive}")
    if status.success?
      flash[:notice] = "Checksum: #{out.split.first}"
    else
      flash[:alert] = "Verification failed"
    end
    redirect_to admin_backups_path
  end

  private

  def archive_path
    name = File.basename(params[:id].to_s)
    path = BACKUP_DIR.join(name)
    raise ActiveRecord::RecordNotFound unless File.file?(path)
    path.to_s
  end
end
