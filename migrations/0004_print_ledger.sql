ALTER TABLE `order_lines` ADD `picking_last_print_job_id` integer REFERENCES print_jobs(id) ON DELETE set null;--> statement-breakpoint
ALTER TABLE `print_job_orders` ADD `position` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `print_job_orders` ADD `copy` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `print_job_orders_order_job` ON `print_job_orders` (`order_id`,`print_job_id`);--> statement-breakpoint
ALTER TABLE `print_job_skus` ADD `position` integer;--> statement-breakpoint
ALTER TABLE `print_job_skus` ADD `row` text;--> statement-breakpoint
ALTER TABLE `print_jobs` ADD `content_hash` text;--> statement-breakpoint
ALTER TABLE `print_jobs` ADD `copy` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `print_jobs` ADD `copy_of_print_job_id` integer REFERENCES print_jobs(id) ON DELETE set null;--> statement-breakpoint
ALTER TABLE `print_jobs` ADD `request_hash` text;--> statement-breakpoint
ALTER TABLE `print_jobs` ADD `round` integer;