package dev.salescrm.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import dev.salescrm.launcher.Database;

/** Plain JDBC against the suite's PostgreSQL server: seeding, server-side timings, counts. */
final class Pg {

    private final Database db;

    Pg(Database db) {
        this.db = db;
    }

    Database database() {
        return db;
    }

    void execute(String database, String... statements) {
        try (Connection c = db.connect(database); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("SQL on " + database + " failed: " + e.getMessage(), e);
        }
    }

    /** The first row of a query, each column as text (null stays null). */
    List<String> row(String database, String sql) {
        List<List<String>> rows = rows(database, sql);
        return rows.isEmpty() ? List.of() : rows.getFirst();
    }

    double number(String database, String sql) {
        String value = row(database, sql).getFirst();
        return value == null ? Double.NaN : Double.parseDouble(value);
    }

    List<List<String>> rows(String database, String sql) {
        try (Connection c = db.connect(database); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<List<String>> rows = new ArrayList<>();
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("SQL on " + database + " failed: " + e.getMessage() + "\n" + sql, e);
        }
    }
}
