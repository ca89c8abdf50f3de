import ArgumentParser
import KafkaProtocol

/// Lists the Kafka APIs and versions the protocol codec understands.
struct ApisCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apis",
        abstract: "List the Kafka APIs and versions Portcullis can decode."
    )

    @Flag(help: "Include APIs that only controllers accept (KRaft and ZooKeeper-era inter-broker APIs).")
    var all = false

    func run() {
        print("key  api                                  versions  flexible from")
        for api in KafkaApiKey.allCases where all || api.isBrokerApi {
            let flexible = api.firstFlexibleVersion.map { "v\($0)" } ?? "-"
            let versions = "\(api.validVersions.lowerBound)-\(api.validVersions.upperBound)"
            print("\(pad(String(api.rawValue), 4)) \(pad(api.name, 36)) \(pad(versions, 9)) \(flexible)")
        }
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}
