-- A file database: tables, an index, a transaction of 10 000 rows,
-- aggregate queries, an update, a rollback and a join.
.bail on
.headers on
.mode list
PRAGMA journal_mode = DELETE;
PRAGMA page_size;
CREATE TABLE dept (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE item (
  id INTEGER PRIMARY KEY,
  dept INTEGER NOT NULL REFERENCES dept(id),
  name TEXT NOT NULL,
  price INTEGER NOT NULL,
  qty INTEGER NOT NULL
);
INSERT INTO dept (name) VALUES ('tools'), ('garden'), ('kitchen'), ('books'), ('toys');

BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000)
INSERT INTO item (dept, name, price, qty)
SELECT i % 5 + 1, printf('item-%05d', i), (i * 7919) % 1000 + 1, (i * 31) % 17 FROM n;
COMMIT;

CREATE INDEX item_dept_price ON item (dept, price);
SELECT count(*), sum(price), min(price), max(price), sum(qty) FROM item;
SELECT d.name, count(*) AS n, sum(i.price * i.qty) AS value, round(avg(i.price), 3) AS avg_price
  FROM item i JOIN dept d ON d.id = i.dept GROUP BY d.name ORDER BY d.name;
SELECT name, price FROM item WHERE dept = 3 AND price > 995 ORDER BY price DESC, name;
SELECT qty, count(*) FROM item GROUP BY qty HAVING count(*) > 580 ORDER BY qty;
EXPLAIN QUERY PLAN SELECT name FROM item WHERE dept = 2 AND price = 500;

BEGIN;
UPDATE item SET price = price + 1000 WHERE dept = 1;
SELECT count(*) FROM item WHERE price > 1000;
ROLLBACK;
SELECT count(*) FROM item WHERE price > 1000;

BEGIN;
DELETE FROM item WHERE id % 10 = 0;
UPDATE item SET qty = qty * 2 WHERE name LIKE 'item-0001%';
COMMIT;
SELECT count(*), sum(qty) FROM item;
SELECT group_concat(id, ',') FROM (SELECT id FROM item WHERE id < 25 ORDER BY id);
SELECT name, price, rank() OVER (ORDER BY price DESC, id) AS r FROM item WHERE dept = 5 LIMIT 3;
SELECT json_object('n', count(*), 'max', max(id)) FROM item;
PRAGMA integrity_check;
VACUUM;
SELECT count(*) FROM item;
