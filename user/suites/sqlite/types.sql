-- Types, NULLs, text functions, a view, a trigger and a CTE.
.headers off
.mode column
CREATE TABLE t (k TEXT PRIMARY KEY, i INTEGER, r REAL, b BLOB);
INSERT INTO t VALUES ('a', 1, 1.5, x'00ff'), ('b', NULL, 2.25, NULL), ('c', 3, NULL, x'41');
SELECT k, typeof(i), typeof(r), typeof(b), quote(b), coalesce(i, -1) FROM t ORDER BY k;
.mode list
SELECT upper('abc'), length('héllo'), substr('abcdef', 2, 3), replace('a-b-c', '-', '+'), instr('hello', 'll');
SELECT 7 / 2, 7 / 2.0, 7 % 3, abs(-4), round(2.567, 2), cast('42' AS INTEGER) + 1, 1e3;
SELECT printf('%5.2f|%-4s|%04d', 3.14159, 'x', 42), hex('AB'), char(72, 105);
SELECT date('2020-02-28', '+1 day'), strftime('%j', '2021-12-31'), julianday('2000-01-01');
CREATE TABLE log (msg TEXT);
CREATE TRIGGER t_ins AFTER INSERT ON t BEGIN INSERT INTO log VALUES ('inserted ' || new.k); END;
INSERT INTO t (k, i) VALUES ('d', 4), ('e', 5);
SELECT * FROM log;
CREATE VIEW v AS SELECT k, i * 10 AS ten FROM t WHERE i IS NOT NULL;
SELECT * FROM v ORDER BY k;
WITH RECURSIVE f(n, x) AS (SELECT 1, 1 UNION ALL SELECT n + 1, x * (n + 1) FROM f WHERE n < 15)
SELECT n, x FROM f WHERE n % 5 = 0;
SELECT k FROM t WHERE k IN (SELECT k FROM t WHERE i > 2) ORDER BY k DESC;
INSERT INTO t (k) VALUES ('a');
SELECT 'still here';
