-- The read model's change feed (docs/domain/read-model.md): every write to a table the model is
-- made of records, in the same transaction, the orders or SKUs it touched, with seq = the data
-- version that transaction commits as (the storage port bumps data_version by one at the end of
-- every write transaction). A reader that has seen version V re-reads what has seq > V.
-- Hand-written: drizzle-kit cannot express triggers or an index on an expression.
CREATE INDEX `orders_order_no_scan` ON `orders` (replace(replace(replace(replace(replace(upper(order_no), ' ', ''), '-', ''), '_', ''), char(9), ''), char(10), ''));
--> statement-breakpoint
CREATE TRIGGER `model_feed_orders_insert` AFTER INSERT ON `orders` BEGIN
  INSERT INTO model_changed_orders (order_id, seq) VALUES (NEW.id, coalesce((SELECT version FROM data_version WHERE id = 1), 0) + 1)
    ON CONFLICT (order_id) DO UPDATE SET seq = excluded.seq WHERE model_changed_orders.seq < excluded.seq;
END;
--> statement-breakpoint
CREATE TRIGGER `model_feed_orders_update` AFTER UPDATE ON `orders` BEGIN
  INSERT INTO model_changed_orders (order_id, seq) VALUES (NEW.id, coalesce((SELECT version FROM data_version WHERE id = 1), 0) + 1)
    ON CONFLICT (order_id) DO UPDATE SET seq = excluded.seq WHERE model_changed_orders.seq < excluded.seq;
END;
--> statement-breakpoint
CREATE TRIGGER `model_feed_orders_delete` AFTER DELETE ON `orders` BEGIN
  INSERT INTO model_changed_orders (order_id, seq) VALUES (OLD.id, coalesce((SELECT version FROM data_version WHERE id = 1), 0) + 1)
    ON CONFLICT (order_id) DO UPDATE SET seq = excluded.seq WHERE model_changed_orders.seq < excluded.seq;
END;
--> statement-breakpoint
CREATE TRIGGER `model_feed_lines_insert` AFTER INSERT ON `order_lines` BEGIN
  INSERT INTO model_changed_orders (order_id, seq) VALUES (NEW.order_id, coalesce((SELECT version FROM data_version WHERE id = 1), 0) + 1)
    ON CONFLICT (order_id) DO UPDATE SET seq = excluded.seq WHERE model_changed_orders.seq < excluded.seq;
END;
--> statement-breakpoint
CREATE TRIGGER `model_feed_lines_update` AFTER UPDATE ON `order_lines` BEGIN
  INSERT INTO model_changed_orders (order_id, seq) VALUES (NEW.order_id, coalesce((SELECT version FROM data_version WHERE id = 1), 0) + 1)
    ON CONFLICT (order_id) DO UPDATE SET seq = excluded.seq WHERE model_changed_orders.seq < excluded.seq;
  INSERT INTO model_changed_orders (order_id, seq) VALUES (OLD.order_id, coalesce((SELECT version FROM data_version WHERE id = 1), 0) + 1)
    ON CONFLICT (order_id) DO UPDATE SET seq = excluded.seq WHERE model_changed_orders.seq < excluded.seq;
END;
--> statement-breakpoint
CREATE TRIGGER `model_feed_lines_delete` AFTER DELETE ON `order_lines` BEGIN
  INSERT INTO model_changed_orders (order_id, seq) VALUES (OLD.order_id, coalesce((SELECT version FROM data_version WHERE id = 1), 0) + 1)
    ON CONFLICT (order_id) DO UPDATE SET seq = excluded.seq WHERE model_changed_orders.seq < excluded.seq;
END;
--> statement-breakpoint
CREATE TRIGGER `model_feed_markers_insert` AFTER INSERT ON `order_markers` BEGIN
  INSERT INTO model_changed_orders (order_id, seq) VALUES (NEW.order_id, coalesce((SELECT version FROM data_version WHERE id = 1), 0) + 1)
    ON CONFLICT (order_id) DO UPDATE SET seq = excluded.seq WHERE model_changed_orders.seq < excluded.seq;
END;
--> statement-breakpoint
CREATE TRIGGER `model_feed_markers_update` AFTER UPDATE ON `order_markers` BEGIN
  INSERT INTO model_changed_orders (order_id, seq) VALUES (NEW.order_id, coalesce((SELECT version FROM data_version WHERE id = 1), 0) + 1)
    ON CONFLICT (order_id) DO UPDATE SET seq = excluded.seq WHERE model_changed_orders.seq < excluded.seq;
  INSERT INTO model_changed_orders (order_id, seq) VALUES (OLD.order_id, coalesce((SELECT version FROM data_version WHERE id = 1), 0) + 1)
    ON CONFLICT (order_id) DO UPDATE SET seq = excluded.seq WHERE model_changed_orders.seq < excluded.seq;
END;
--> statement-breakpoint
CREATE TRIGGER `model_feed_markers_delete` AFTER DELETE ON `order_markers` BEGIN
  INSERT INTO model_changed_orders (order_id, seq) VALUES (OLD.order_id, coalesce((SELECT version FROM data_version WHERE id = 1), 0) + 1)
    ON CONFLICT (order_id) DO UPDATE SET seq = excluded.seq WHERE model_changed_orders.seq < excluded.seq;
END;
--> statement-breakpoint
CREATE TRIGGER `model_feed_prints_insert` AFTER INSERT ON `order_print_counters` BEGIN
  INSERT INTO model_changed_orders (order_id, seq) VALUES (NEW.order_id, coalesce((SELECT version FROM data_version WHERE id = 1), 0) + 1)
    ON CONFLICT (order_id) DO UPDATE SET seq = excluded.seq WHERE model_changed_orders.seq < excluded.seq;
END;
--> statement-breakpoint
CREATE TRIGGER `model_feed_prints_update` AFTER UPDATE ON `order_print_counters` BEGIN
  INSERT INTO model_changed_orders (order_id, seq) VALUES (NEW.order_id, coalesce((SELECT version FROM data_version WHERE id = 1), 0) + 1)
    ON CONFLICT (order_id) DO UPDATE SET seq = excluded.seq WHERE model_changed_orders.seq < excluded.seq;
  INSERT INTO model_changed_orders (order_id, seq) VALUES (OLD.order_id, coalesce((SELECT version FROM data_version WHERE id = 1), 0) + 1)
    ON CONFLICT (order_id) DO UPDATE SET seq = excluded.seq WHERE model_changed_orders.seq < excluded.seq;
END;
--> statement-breakpoint
CREATE TRIGGER `model_feed_prints_delete` AFTER DELETE ON `order_print_counters` BEGIN
  INSERT INTO model_changed_orders (order_id, seq) VALUES (OLD.order_id, coalesce((SELECT version FROM data_version WHERE id = 1), 0) + 1)
    ON CONFLICT (order_id) DO UPDATE SET seq = excluded.seq WHERE model_changed_orders.seq < excluded.seq;
END;
--> statement-breakpoint
CREATE TRIGGER `model_feed_sales_insert` AFTER INSERT ON `sales_status` BEGIN
  INSERT INTO model_changed_orders (order_id, seq) SELECT id, coalesce((SELECT version FROM data_version WHERE id = 1), 0) + 1 FROM orders WHERE order_no = NEW.order_no
    ON CONFLICT (order_id) DO UPDATE SET seq = excluded.seq WHERE model_changed_orders.seq < excluded.seq;
END;
--> statement-breakpoint
CREATE TRIGGER `model_feed_sales_update` AFTER UPDATE ON `sales_status` BEGIN
  INSERT INTO model_changed_orders (order_id, seq) SELECT id, coalesce((SELECT version FROM data_version WHERE id = 1), 0) + 1 FROM orders WHERE order_no = NEW.order_no
    ON CONFLICT (order_id) DO UPDATE SET seq = excluded.seq WHERE model_changed_orders.seq < excluded.seq;
  INSERT INTO model_changed_orders (order_id, seq) SELECT id, coalesce((SELECT version FROM data_version WHERE id = 1), 0) + 1 FROM orders WHERE order_no = OLD.order_no
    ON CONFLICT (order_id) DO UPDATE SET seq = excluded.seq WHERE model_changed_orders.seq < excluded.seq;
END;
--> statement-breakpoint
CREATE TRIGGER `model_feed_sales_delete` AFTER DELETE ON `sales_status` BEGIN
  INSERT INTO model_changed_orders (order_id, seq) SELECT id, coalesce((SELECT version FROM data_version WHERE id = 1), 0) + 1 FROM orders WHERE order_no = OLD.order_no
    ON CONFLICT (order_id) DO UPDATE SET seq = excluded.seq WHERE model_changed_orders.seq < excluded.seq;
END;
--> statement-breakpoint
CREATE TRIGGER `model_feed_stock_insert` AFTER INSERT ON `stock` BEGIN
  INSERT INTO model_changed_skus (sku, seq) VALUES (NEW.sku, coalesce((SELECT version FROM data_version WHERE id = 1), 0) + 1)
    ON CONFLICT (sku) DO UPDATE SET seq = excluded.seq WHERE model_changed_skus.seq < excluded.seq;
END;
--> statement-breakpoint
CREATE TRIGGER `model_feed_stock_update` AFTER UPDATE ON `stock` BEGIN
  INSERT INTO model_changed_skus (sku, seq) VALUES (NEW.sku, coalesce((SELECT version FROM data_version WHERE id = 1), 0) + 1)
    ON CONFLICT (sku) DO UPDATE SET seq = excluded.seq WHERE model_changed_skus.seq < excluded.seq;
  INSERT INTO model_changed_skus (sku, seq) VALUES (OLD.sku, coalesce((SELECT version FROM data_version WHERE id = 1), 0) + 1)
    ON CONFLICT (sku) DO UPDATE SET seq = excluded.seq WHERE model_changed_skus.seq < excluded.seq;
END;
--> statement-breakpoint
CREATE TRIGGER `model_feed_stock_delete` AFTER DELETE ON `stock` BEGIN
  INSERT INTO model_changed_skus (sku, seq) VALUES (OLD.sku, coalesce((SELECT version FROM data_version WHERE id = 1), 0) + 1)
    ON CONFLICT (sku) DO UPDATE SET seq = excluded.seq WHERE model_changed_skus.seq < excluded.seq;
END;
--> statement-breakpoint
CREATE TRIGGER `model_feed_products_insert` AFTER INSERT ON `products` BEGIN
  INSERT INTO model_changed_skus (sku, seq) VALUES (NEW.sku, coalesce((SELECT version FROM data_version WHERE id = 1), 0) + 1)
    ON CONFLICT (sku) DO UPDATE SET seq = excluded.seq WHERE model_changed_skus.seq < excluded.seq;
END;
--> statement-breakpoint
CREATE TRIGGER `model_feed_products_update` AFTER UPDATE ON `products` BEGIN
  INSERT INTO model_changed_skus (sku, seq) VALUES (NEW.sku, coalesce((SELECT version FROM data_version WHERE id = 1), 0) + 1)
    ON CONFLICT (sku) DO UPDATE SET seq = excluded.seq WHERE model_changed_skus.seq < excluded.seq;
  INSERT INTO model_changed_skus (sku, seq) VALUES (OLD.sku, coalesce((SELECT version FROM data_version WHERE id = 1), 0) + 1)
    ON CONFLICT (sku) DO UPDATE SET seq = excluded.seq WHERE model_changed_skus.seq < excluded.seq;
END;
--> statement-breakpoint
CREATE TRIGGER `model_feed_products_delete` AFTER DELETE ON `products` BEGIN
  INSERT INTO model_changed_skus (sku, seq) VALUES (OLD.sku, coalesce((SELECT version FROM data_version WHERE id = 1), 0) + 1)
    ON CONFLICT (sku) DO UPDATE SET seq = excluded.seq WHERE model_changed_skus.seq < excluded.seq;
END;
