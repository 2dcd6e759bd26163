CREATE TABLE `model_changed_orders` (
	`order_id` integer PRIMARY KEY NOT NULL,
	`seq` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `model_changed_orders_seq` ON `model_changed_orders` (`seq`);--> statement-breakpoint
CREATE TABLE `model_changed_skus` (
	`sku` text PRIMARY KEY NOT NULL,
	`seq` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `model_changed_skus_seq` ON `model_changed_skus` (`seq`);