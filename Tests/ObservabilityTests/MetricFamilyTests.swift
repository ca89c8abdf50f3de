import Observability
import XCTest

final class MetricFamilyTests: XCTestCase {
    func testCountersAppearWithTheirLabelsAndHelp() {
        let metrics = PortcullisMetrics(level: .topic)
        metrics.topicBytesIn.increment("orders", by: 1024)
        metrics.topicBytesIn.increment("orders", by: 1)
        metrics.authentications.increment("SASL_SSL", "SCRAM-SHA-512", "success")
        let text = String(decoding: metrics.exposition(), as: UTF8.self)
        XCTAssertTrue(text.contains(#"portcullis_topic_bytes_in_total{topic="orders"} 1025"#), text)
        XCTAssertTrue(text.contains(
            #"portcullis_authentications_total{listener="SASL_SSL",mechanism="SCRAM-SHA-512",result="success"} 1"#), text)
        XCTAssertTrue(text.contains("# HELP portcullis_topic_bytes_in_total "), text)
        XCTAssertTrue(text.contains("# TYPE portcullis_topic_bytes_in_total counter"), text)
    }

    func testALevelHidesTheFamiliesAboveIt() {
        let metrics = PortcullisMetrics(level: .basic)
        metrics.topicBytesIn.increment("orders", by: 10)
        metrics.requestDuration.record("Produce", duration: .milliseconds(1))
        metrics.connectionsCreated.increment("SASL_SSL")
        let text = String(decoding: metrics.exposition(), as: UTF8.self)
        XCTAssertFalse(text.contains("portcullis_topic_bytes_in_total"), text)
        XCTAssertFalse(text.contains("portcullis_request_duration_seconds"), text)
        XCTAssertTrue(text.contains(#"portcullis_connections_created_total{listener="SASL_SSL"} 1"#), text)
        XCTAssertNil(metrics.topicBytesIn.series(["orders"]))
    }

    func testEnhancedShowsDurationsButNotTopics() {
        let metrics = PortcullisMetrics(level: .enhanced)
        metrics.requestDuration.record("Produce", duration: .microseconds(300))
        metrics.topicBytesOut.increment("orders", by: 3)
        let text = String(decoding: metrics.exposition(), as: UTF8.self)
        XCTAssertTrue(text.contains(#"portcullis_request_duration_seconds_bucket{api="Produce",le="0.0005"} 1"#), text)
        XCTAssertTrue(text.contains(#"portcullis_request_duration_seconds_bucket{api="Produce",le="0.00025"} 0"#), text)
        XCTAssertFalse(text.contains("portcullis_topic_bytes_out_total"), text)
    }

    func testSeriesWithoutLabelsStartAtZero() {
        let text = String(decoding: PortcullisMetrics(level: .enhanced).exposition(), as: UTF8.self)
        XCTAssertTrue(text.contains("\nportcullis_decision_log_write_failures_total 0\n"), text)
        XCTAssertTrue(text.contains("\nportcullis_data_key_cache_hits_total 0\n"), text)
        XCTAssertTrue(text.contains("\nportcullis_decision_log_lag_seconds 0.0\n"), text)
    }

    func testOffExposesNothing() {
        PortcullisMetrics.off.connectionsCreated.increment("SASL_SSL")
        XCTAssertEqual(PortcullisMetrics.off.exposition(), [])
    }

    func testLabelValuesPastTheCapShareTheOverflowSeries() {
        let metrics = PortcullisMetrics(level: .topic, maximumSeriesPerFamily: 3)
        for topic in ["a", "b", "c", "d", "e"] { metrics.topicMessagesIn.increment(topic, by: 1) }
        metrics.topicMessagesIn.increment("a", by: 1)
        XCTAssertEqual(metrics.topicMessagesIn.seriesCount, 4)
        let text = String(decoding: metrics.exposition(), as: UTF8.self)
        XCTAssertTrue(text.contains(#"portcullis_topic_messages_in_total{topic="a"} 2"#), text)
        XCTAssertTrue(text.contains(#"portcullis_topic_messages_in_total{topic="__overflow__"} 2"#), text)
        XCTAssertFalse(text.contains(#"topic="d""#), text)
    }

    func testScrapeHooksRunBeforeEachExposition() {
        let metrics = PortcullisMetrics(level: .topic)
        metrics.beforeEachScrape { $0.brokerPartitions.set(to: 7) }
        let text = String(decoding: metrics.exposition(), as: UTF8.self)
        XCTAssertTrue(text.contains("portcullis_broker_partitions 7"), text)
    }

    func testProcessMetricsUseThePrometheusStandardNames() throws {
        let text = String(decoding: PortcullisMetrics(level: .basic).exposition(), as: UTF8.self)
        for name in ["process_cpu_seconds_total", "process_resident_memory_bytes", "process_open_fds",
                     "process_start_time_seconds"] {
            let line = try XCTUnwrap(text.split(separator: "\n").first { $0.hasPrefix(name + " ") }, name)
            let value = try XCTUnwrap(Double(line.split(separator: " ")[1]))
            XCTAssertGreaterThan(value, 0, name)
        }
        let start = try XCTUnwrap(text.split(separator: "\n").first { $0.hasPrefix("process_start_time_seconds ") })
        let started = try XCTUnwrap(Double(start.split(separator: " ")[1]))
        let now = Date().timeIntervalSince1970
        XCTAssertLessThan(abs(now - started), 24 * 3600, "started within the last day")
    }

    func testEveryCatalogueNameIsUniqueAndPrefixed() {
        let names = MetricCatalog.all.map(\.name)
        XCTAssertEqual(Set(names).count, names.count)
        for name in names { XCTAssertTrue(name.hasPrefix("portcullis_"), name) }
    }
}
