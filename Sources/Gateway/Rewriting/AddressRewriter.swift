import KafkaProtocol
import NIOCore

/// Replaces every upstream host:port in a response with the gateway address
/// that reaches the same node, so clients only ever see gateway addresses.
///
/// The responses that name brokers (among the versions the gateway forwards)
/// are Metadata, FindCoordinator and DescribeCluster. A node the gateway has
/// no port for is dropped from broker lists, and a coordinator without one is
/// answered with COORDINATOR_NOT_AVAILABLE, so no upstream address leaks.
/// DescribeConfigs names the upstream's addresses in broker configs, which
/// are withheld (`AddressBearingConfigs`). AlterConfigs and
/// IncrementalAlterConfigs answers carry no config values.
struct AddressRewriter: Sendable {
    let nodes: AdvertisedNodes

    static func needsRewriting(_ api: KafkaApiKey) -> Bool {
        api == .metadata || api == .findCoordinator || api == .describeCluster || api == .describeConfigs
    }

    func rewrite(_ body: inout KafkaResponseBody) {
        switch body {
        case .metadata(var response):
            response.brokers = response.brokers.compactMap { broker in
                guard let port = nodes.port(forNode: broker.nodeId) else { return nil }
                var rewritten = broker
                rewritten.host = nodes.host
                rewritten.port = Int32(port)
                return rewritten
            }
            body = .metadata(response)
        case .findCoordinator(var response):
            // v0–v3 name one coordinator at the top level, v4+ a list of them.
            var single = Coordinator(nodeId: response.nodeId, host: response.host, port: response.port, errorCode: response.errorCode)
            rewrite(&single)
            (response.nodeId, response.host, response.port, response.errorCode) = (single.nodeId, single.host, single.port, single.errorCode)
            response.coordinators = response.coordinators.map { entry in
                var coordinator = Coordinator(nodeId: entry.nodeId, host: entry.host, port: entry.port, errorCode: entry.errorCode)
                rewrite(&coordinator)
                var rewritten = entry
                (rewritten.nodeId, rewritten.host, rewritten.port, rewritten.errorCode) =
                    (coordinator.nodeId, coordinator.host, coordinator.port, coordinator.errorCode)
                return rewritten
            }
            body = .findCoordinator(response)
        case .describeCluster(var response):
            response.brokers = response.brokers.compactMap { broker in
                guard let port = nodes.port(forNode: broker.brokerId) else { return nil }
                var rewritten = broker
                rewritten.host = nodes.host
                rewritten.port = Int32(port)
                return rewritten
            }
            body = .describeCluster(response)
        case .describeConfigs(var response):
            for index in response.results.indices {
                AddressBearingConfigs.withhold(in: &response.results[index])
            }
            body = .describeConfigs(response)
        default:
            break
        }
    }

    private struct Coordinator {
        var nodeId: Int32
        var host: String
        var port: Int32
        var errorCode: Int16
    }

    private func rewrite(_ coordinator: inout Coordinator) {
        guard coordinator.errorCode == KafkaErrorCode.none.rawValue, !coordinator.host.isEmpty else {
            coordinator.host = ""
            coordinator.port = -1
            return
        }
        guard let gatewayPort = nodes.port(forNode: coordinator.nodeId) else {
            coordinator = Coordinator(nodeId: -1, host: "", port: -1, errorCode: KafkaErrorCode.coordinatorNotAvailable.rawValue)
            return
        }
        coordinator.host = nodes.host
        coordinator.port = Int32(gatewayPort)
    }
}
