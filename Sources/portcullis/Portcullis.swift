import ArgumentParser

@main
struct Portcullis: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "portcullis",
        abstract: "A security gateway for Apache Kafka: TLS, authentication, authorization and an audited, encrypted broker tier.",
        subcommands: [DevCommand.self, GatewayCommand.self, CheckConfigCommand.self, BrokerCommand.self, ApisCommand.self]
    )

    static func main() async {
        MallocTuning.apply()
        MemoryReturn.start()
        await main(nil)
    }
}
