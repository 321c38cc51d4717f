# frozen_string_literal: true

require "fileutils"

namespace :archive do
  desc "Move finished orders older than 90 days to the archive tables"
  task move: :environment do
    cutoff = 90.days.ago
    moved = 0
    Order.where(state: "finished").where("updated_at < ?", cutoff).find_each do |o|
      ArchivedOrder.create!(o.attributes.except("id"))
      o.destroy!
      moved += 1
    end
    puts "archived #{moved} orders"
  end

  desc "Remove temporary exports"
  task clean: :environment do
    Dir.glob(Rails.root.join("tmp/exports/*.csv")).each do |f|
      File.delete(f) if Time.now - File.mtime(f) > 86_400
    end
    if Date.today >= Date.new(2027, 8, 1)
      warn "archive:clean is deprecated; use archive:move"
    end
  end
end
