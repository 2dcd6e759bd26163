CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY NOT NULL,
	`at` integer NOT NULL,
	`request_id` text,
	`user_id` integer,
	`username` text,
	`role` text,
	`ip` text,
	`action` text NOT NULL,
	`target_type` text,
	`target_id` text,
	`target_label` text,
	`counts` text,
	`details` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `audit_log_at` ON `audit_log` (`at`);--> statement-breakpoint
CREATE INDEX `audit_log_action_at` ON `audit_log` (`action`,`at`);--> statement-breakpoint
CREATE INDEX `audit_log_target` ON `audit_log` (`target_type`,`target_id`);--> statement-breakpoint
CREATE INDEX `audit_log_user_at` ON `audit_log` (`user_id`,`at`);--> statement-breakpoint
CREATE TABLE `backups` (
	`id` integer PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`format` text NOT NULL,
	`created_at` integer NOT NULL,
	`created_by_user_id` integer,
	`created_by_username` text,
	`storage` text NOT NULL,
	`file_name` text,
	`size_bytes` integer DEFAULT 0 NOT NULL,
	`schema_version` text,
	`row_counts` text,
	`checksum` text,
	`content` blob,
	FOREIGN KEY (`created_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "backups_kind_check" CHECK(kind IN ('scheduled', 'manual', 'pre_clear', 'pre_restore', 'pre_purge', 'pre_migration'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `backups_name_unique` ON `backups` (`name`);--> statement-breakpoint
CREATE INDEX `backups_created_at` ON `backups` (`created_at`);--> statement-breakpoint
CREATE TABLE `data_version` (
	`id` integer PRIMARY KEY NOT NULL,
	`version` integer DEFAULT 0 NOT NULL,
	CONSTRAINT "data_version_single_row" CHECK(id = 1)
);
--> statement-breakpoint
CREATE TABLE `idempotency_keys` (
	`key` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`user_id` integer,
	`created_at` integer NOT NULL,
	`response` text
);
--> statement-breakpoint
CREATE INDEX `idempotency_keys_created_at` ON `idempotency_keys` (`created_at`);--> statement-breakpoint
CREATE TABLE `import_errors` (
	`id` integer PRIMARY KEY NOT NULL,
	`import_id` integer NOT NULL,
	`row_no` integer,
	`column_name` text,
	`value` text,
	`code` text NOT NULL,
	`severity` text NOT NULL,
	`message` text NOT NULL,
	FOREIGN KEY (`import_id`) REFERENCES `imports`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `import_errors_import_row` ON `import_errors` (`import_id`,`row_no`);--> statement-breakpoint
CREATE TABLE `imports` (
	`id` integer PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`status` text NOT NULL,
	`source` text NOT NULL,
	`file_name` text,
	`sheet_url` text,
	`tab` text,
	`sha256` text,
	`platform` text,
	`shop_name` text,
	`mode` text,
	`options` text,
	`import_date` text NOT NULL,
	`rows` integer DEFAULT 0 NOT NULL,
	`added` integer DEFAULT 0 NOT NULL,
	`lines_added` integer DEFAULT 0 NOT NULL,
	`updated` integer DEFAULT 0 NOT NULL,
	`unchanged` integer DEFAULT 0 NOT NULL,
	`duplicates` integer DEFAULT 0 NOT NULL,
	`duplicates_same_day` integer DEFAULT 0 NOT NULL,
	`duplicates_cross_day` integer DEFAULT 0 NOT NULL,
	`not_found` integer DEFAULT 0 NOT NULL,
	`unmatched` integer DEFAULT 0 NOT NULL,
	`orders_matched` integer DEFAULT 0 NOT NULL,
	`zeroed` integer DEFAULT 0 NOT NULL,
	`rejected` integer DEFAULT 0 NOT NULL,
	`shops_created` integer DEFAULT 0 NOT NULL,
	`warnings_count` integer DEFAULT 0 NOT NULL,
	`errors_count` integer DEFAULT 0 NOT NULL,
	`started_at` integer NOT NULL,
	`finished_at` integer,
	`by_user_id` integer,
	`by_username` text,
	`summary` text,
	FOREIGN KEY (`by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "imports_kind_check" CHECK(kind IN ('orders', 'products', 'stock', 'sales', 'cancelled', 'issued', 'bill_empty')),
	CONSTRAINT "imports_status_check" CHECK(status IN ('committed', 'partial', 'rejected', 'validated', 'failed'))
);
--> statement-breakpoint
CREATE INDEX `imports_kind_import_date` ON `imports` (`kind`,`import_date`);--> statement-breakpoint
CREATE INDEX `imports_started_at` ON `imports` (`started_at`);--> statement-breakpoint
CREATE TABLE `leases` (
	`name` text PRIMARY KEY NOT NULL,
	`holder` text NOT NULL,
	`expires_at` integer NOT NULL,
	`acquired_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `login_attempts` (
	`id` integer PRIMARY KEY NOT NULL,
	`username_key` text NOT NULL,
	`ip` text NOT NULL,
	`at` integer NOT NULL,
	`success` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `login_attempts_user_ip_at` ON `login_attempts` (`username_key`,`ip`,`at`);--> statement-breakpoint
CREATE INDEX `login_attempts_ip_at` ON `login_attempts` (`ip`,`at`);--> statement-breakpoint
CREATE INDEX `login_attempts_at` ON `login_attempts` (`at`);--> statement-breakpoint
CREATE TABLE `order_lines` (
	`id` integer PRIMARY KEY NOT NULL,
	`order_id` integer NOT NULL,
	`sku` text NOT NULL,
	`qty` integer NOT NULL,
	`item_name` text,
	`accepted` integer DEFAULT false NOT NULL,
	`accepted_at` integer,
	`accepted_by_user_id` integer,
	`accepted_by_username` text,
	`picking_count` integer DEFAULT 0 NOT NULL,
	`picking_last_at` integer,
	`picking_last_by_user_id` integer,
	`picking_last_by_username` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`accepted_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`picking_last_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "order_lines_qty_positive" CHECK(qty >= 1)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `order_lines_order_sku_unique` ON `order_lines` (`order_id`,`sku`);--> statement-breakpoint
CREATE INDEX `order_lines_sku` ON `order_lines` (`sku`);--> statement-breakpoint
CREATE INDEX `order_lines_accepted_at` ON `order_lines` (`accepted_at`);--> statement-breakpoint
CREATE TABLE `order_markers` (
	`id` integer PRIMARY KEY NOT NULL,
	`order_id` integer NOT NULL,
	`kind` text NOT NULL,
	`note` text,
	`source` text,
	`import_id` integer,
	`created_at` integer NOT NULL,
	`created_by_user_id` integer,
	`created_by_username` text,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`import_id`) REFERENCES `imports`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`created_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "order_markers_kind_check" CHECK(kind IN ('cancelled', 'issued', 'trashed', 'bill_empty'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `order_markers_order_kind_unique` ON `order_markers` (`order_id`,`kind`);--> statement-breakpoint
CREATE INDEX `order_markers_kind_created_at` ON `order_markers` (`kind`,`created_at`);--> statement-breakpoint
CREATE TABLE `order_print_counters` (
	`order_id` integer NOT NULL,
	`kind` text NOT NULL,
	`count` integer DEFAULT 0 NOT NULL,
	`first_printed_at` integer,
	`last_printed_at` integer,
	`last_printed_by_user_id` integer,
	`last_printed_by_username` text,
	`last_print_job_id` integer,
	PRIMARY KEY(`order_id`, `kind`),
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`last_printed_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`last_print_job_id`) REFERENCES `print_jobs`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "order_print_counters_kind_check" CHECK(kind IN ('warehouse', 'lowstock', 'nostock', 'notenough'))
);
--> statement-breakpoint
CREATE INDEX `order_print_counters_kind_last` ON `order_print_counters` (`kind`,`last_printed_at`);--> statement-breakpoint
CREATE TABLE `orders` (
	`id` integer PRIMARY KEY NOT NULL,
	`platform` text NOT NULL,
	`shop_id` integer NOT NULL,
	`order_no` text NOT NULL,
	`order_time` integer,
	`logistic_type` text,
	`import_date` text NOT NULL,
	`imported_at` integer NOT NULL,
	`import_id` integer,
	`dispatch_round` integer,
	`lowstock_round` integer,
	`nostock_round` integer,
	`notenough_round` integer,
	`scanned_at` integer,
	`scanned_by_user_id` integer,
	`scanned_by_username` text,
	`closed_at` integer,
	FOREIGN KEY (`shop_id`) REFERENCES `shops`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`import_id`) REFERENCES `imports`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`scanned_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "orders_platform_check" CHECK(platform IN ('Shopee', 'TikTok', 'Lazada', 'Other'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `orders_shop_order_no_platform_unique` ON `orders` (`shop_id`,`order_no`,`platform`);--> statement-breakpoint
CREATE INDEX `orders_order_no` ON `orders` (`order_no`);--> statement-breakpoint
CREATE INDEX `orders_import_date` ON `orders` (`import_date`);--> statement-breakpoint
CREATE INDEX `orders_order_time` ON `orders` (`order_time`);--> statement-breakpoint
CREATE INDEX `orders_open` ON `orders` (`id`) WHERE closed_at IS NULL;--> statement-breakpoint
CREATE TABLE `pending_cancellations` (
	`id` integer PRIMARY KEY NOT NULL,
	`order_no` text NOT NULL,
	`platform` text DEFAULT '' NOT NULL,
	`note` text,
	`source` text,
	`import_id` integer,
	`created_at` integer NOT NULL,
	`created_by_user_id` integer,
	`created_by_username` text,
	FOREIGN KEY (`import_id`) REFERENCES `imports`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`created_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `pending_cancellations_order_platform_unique` ON `pending_cancellations` (`order_no`,`platform`);--> statement-breakpoint
CREATE TABLE `print_job_orders` (
	`id` integer PRIMARY KEY NOT NULL,
	`print_job_id` integer NOT NULL,
	`order_id` integer,
	`order_no` text NOT NULL,
	`platform` text NOT NULL,
	`shop_id` integer,
	`shop_name` text,
	`lines` text NOT NULL,
	FOREIGN KEY (`print_job_id`) REFERENCES `print_jobs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `print_job_orders_job` ON `print_job_orders` (`print_job_id`);--> statement-breakpoint
CREATE INDEX `print_job_orders_order_no` ON `print_job_orders` (`order_no`);--> statement-breakpoint
CREATE TABLE `print_job_skus` (
	`print_job_id` integer NOT NULL,
	`sku` text NOT NULL,
	`qty` integer NOT NULL,
	`context_count` integer NOT NULL,
	PRIMARY KEY(`print_job_id`, `sku`),
	FOREIGN KEY (`print_job_id`) REFERENCES `print_jobs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `print_job_skus_sku` ON `print_job_skus` (`sku`);--> statement-breakpoint
CREATE TABLE `print_jobs` (
	`id` integer PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`printed_at` integer NOT NULL,
	`printed_by_user_id` integer,
	`printed_by_username` text,
	`idempotency_key` text,
	`platform` text,
	`shop_id` integer,
	`logistic` text,
	`dispatch_round` integer,
	`order_count` integer DEFAULT 0 NOT NULL,
	`line_count` integer DEFAULT 0 NOT NULL,
	`override` integer DEFAULT false NOT NULL,
	`filters` text,
	FOREIGN KEY (`printed_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "print_jobs_kind_check" CHECK(kind IN ('warehouse', 'picking', 'lowstock', 'nostock', 'notenough'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `print_jobs_idempotency_key_unique` ON `print_jobs` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `print_jobs_kind_printed_at` ON `print_jobs` (`kind`,`printed_at`);--> statement-breakpoint
CREATE TABLE `products` (
	`id` integer PRIMARY KEY NOT NULL,
	`sku` text NOT NULL,
	`brand` text,
	`name` text,
	`location` text,
	`import_id` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`import_id`) REFERENCES `imports`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `products_sku_unique` ON `products` (`sku`);--> statement-breakpoint
CREATE TABLE `revoked_sessions` (
	`jti` text PRIMARY KEY NOT NULL,
	`user_id` integer,
	`expires_at` integer NOT NULL,
	`revoked_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `revoked_sessions_expires_at` ON `revoked_sessions` (`expires_at`);--> statement-breakpoint
CREATE TABLE `sales_status` (
	`id` integer PRIMARY KEY NOT NULL,
	`order_no` text NOT NULL,
	`po_no` text,
	`status` text,
	`packed_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`import_id` integer,
	FOREIGN KEY (`import_id`) REFERENCES `imports`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sales_status_order_no_unique` ON `sales_status` (`order_no`);--> statement-breakpoint
CREATE INDEX `sales_status_packed_at` ON `sales_status` (`packed_at`);--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer NOT NULL,
	`updated_by_user_id` integer,
	`updated_by_username` text,
	FOREIGN KEY (`updated_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `shops` (
	`id` integer PRIMARY KEY NOT NULL,
	`platform` text NOT NULL,
	`name` text NOT NULL,
	`name_key` text NOT NULL,
	`sheet_url` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	CONSTRAINT "shops_platform_check" CHECK(platform IN ('Shopee', 'TikTok', 'Lazada', 'Other'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `shops_platform_name_key_unique` ON `shops` (`platform`,`name_key`);--> statement-breakpoint
CREATE TABLE `stock` (
	`sku` text PRIMARY KEY NOT NULL,
	`qty` integer DEFAULT 0 NOT NULL,
	`updated_at` integer NOT NULL,
	`import_id` integer,
	FOREIGN KEY (`import_id`) REFERENCES `imports`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "stock_qty_non_negative" CHECK(qty >= 0)
);
--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY NOT NULL,
	`username` text NOT NULL,
	`password_hash` text NOT NULL,
	`role` text DEFAULT 'user' NOT NULL,
	`disabled` integer DEFAULT false NOT NULL,
	`token_version` integer DEFAULT 0 NOT NULL,
	`last_login_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	CONSTRAINT "users_role_check" CHECK(role IN ('user', 'staff', 'admin')),
	CONSTRAINT "users_username_lower" CHECK(username = lower(username))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_username_unique` ON `users` (`username`);