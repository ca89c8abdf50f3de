import Broker
import Usage

/// Samples the broker's storage into the usage journal twice a minute, so
/// every minute has a sample (the journal bills storage per sampled minute;
/// its last sample in a minute wins).
enum UsageStorageSampler {
    static let interval = UsageRecorder.storageSampleInterval

    static func service(broker: EmbeddedBroker, usage: UsageRecorder) -> StoppedOnShutdown {
        StoppedOnShutdown("usage-storage") {
            while true {
                for topic in await broker.storage() {
                    usage.sample(topic: topic.topic, partitions: topic.partitions, bytes: topic.bytes)
                }
                try await Task.sleep(for: interval)
            }
        }
    }
}
