/// An estimated bill for a report's rows in MSK Serverless's structure: one
/// line item per dimension, quantity × unit price.
public struct UsageBill: Hashable, Sendable, Encodable {
    public struct LineItem: Hashable, Sendable, Encodable {
        public let item: String
        public let quantity: Double
        public let unit: String
        public let unitPrice: Double
        public let amount: Double

        init(item: String, quantity: Double, unit: String, unitPrice: Double) {
            self.item = item
            self.quantity = quantity
            self.unit = unit
            self.unitPrice = unitPrice
            amount = quantity * unitPrice
        }

        private enum CodingKeys: String, CodingKey {
            case item, quantity, unit, amount
            case unitPrice = "unit_price"
        }
    }

    public let currency: String
    public let lineItems: [LineItem]
    public let total: Double

    /// The cluster is billed for every hour of the window (`clusterHours`),
    /// whatever the rows; the rest follows from the rows' sums.
    public init(rows: [UsageRow], clusterHours: Double, prices: UsagePrices) {
        let storageByteHours = rows.reduce(0) { $0 + $1.storageByteHours }
        lineItems = [
            LineItem(item: "cluster", quantity: clusterHours, unit: "cluster-hours", unitPrice: prices.clusterHour),
            LineItem(item: "partitions", quantity: rows.reduce(0) { $0 + $1.partitionHours }, unit: "partition-hours", unitPrice: prices.partitionHour),
            LineItem(
                item: "storage", quantity: storageByteHours / prices.bytesPerGB / prices.hoursPerMonth, unit: "GB-months",
                unitPrice: prices.storageGBMonth
            ),
            LineItem(item: "data in", quantity: Double(rows.reduce(0) { $0 + $1.bytesIn }) / prices.bytesPerGB, unit: "GB", unitPrice: prices.dataInGB),
            LineItem(item: "data out", quantity: Double(rows.reduce(0) { $0 + $1.bytesOut }) / prices.bytesPerGB, unit: "GB", unitPrice: prices.dataOutGB),
        ]
        currency = prices.currency
        total = lineItems.reduce(0) { $0 + $1.amount }
    }

    private enum CodingKeys: String, CodingKey {
        case currency, total
        case lineItems = "line_items"
    }
}
