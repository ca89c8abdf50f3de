import Foundation

/// Prices in MSK Serverless's structure, read from a JSON file (docs/usage-prices.example.json).
public struct UsagePrices: Decodable, Hashable, Sendable {
    public var currency: String
    public var clusterHour: Double
    public var partitionHour: Double
    public var storageGBMonth: Double
    public var dataInGB: Double
    public var dataOutGB: Double
    /// How many bytes a billed GB is (AWS bills 2^30).
    public var bytesPerGB: Double
    /// The month storage is prorated over, in hours (AWS's calculators use 730).
    public var hoursPerMonth: Double

    private enum CodingKeys: String, CodingKey {
        case currency
        case clusterHour = "cluster_hour"
        case partitionHour = "partition_hour"
        case storageGBMonth = "storage_gb_month"
        case dataInGB = "data_in_gb"
        case dataOutGB = "data_out_gb"
        case bytesPerGB = "bytes_per_gb"
        case hoursPerMonth = "hours_per_month"
    }

    public init(json: Data) throws {
        self = try JSONDecoder().decode(UsagePrices.self, from: json)
        guard bytesPerGB > 0, hoursPerMonth > 0 else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "bytes_per_gb and hours_per_month must be more than 0"))
        }
    }
}
