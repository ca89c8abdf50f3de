import Foundation
import Observability
import XCTest

/// docs/grafana/portcullis.json must use only the names Portcullis exposes,
/// and show every one of them.
final class DashboardTests: XCTestCase {
    func testTheDashboardUsesExactlyTheCatalogueNames() throws {
        let dashboard = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/grafana/portcullis.json")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: dashboard)) as? [String: Any]
        let panels = try XCTUnwrap(json?["panels"] as? [[String: Any]])
        let expressions = panels.flatMap { ($0["targets"] as? [[String: Any]] ?? []).compactMap { $0["expr"] as? String } }
        XCTAssertFalse(expressions.isEmpty)

        let pattern = try NSRegularExpression(pattern: #"\b(?:portcullis|process)_[a-z_]+"#)
        var used: Set<String> = []
        for expression in expressions {
            let range = NSRange(expression.startIndex..., in: expression)
            for match in pattern.matches(in: expression, range: range) {
                var name = String(expression[Range(match.range, in: expression)!])
                for suffix in ["_bucket", "_count", "_sum"] where name.hasSuffix(suffix) && name.hasPrefix("portcullis_request_duration") {
                    name = String(name.dropLast(suffix.count))
                }
                used.insert(name)
            }
        }
        let exposed = Set(MetricCatalog.all.map(\.name) + MetricCatalog.processNames)
        XCTAssertEqual(used.subtracting(exposed), [], "names the gateway does not expose")
        XCTAssertEqual(exposed.subtracting(used), [], "names the dashboard does not show")
    }
}
