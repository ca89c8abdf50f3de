import NIOCore

/// Keeps a connection's responses in request order. Kafka clients match
/// responses to requests by order, so an answer the gateway makes itself
/// (ApiVersions, SASL, a refusal) must wait behind the forwarded requests
/// sent before it. Each place keeps the request it answers, for the metrics
/// (nil for a raw SASL token, which answers no Kafka request).
struct ResponseSequencer {
    private enum Slot {
        case awaitingUpstream(AnsweredRequest?)
        /// An answer the gateway is making off the event loop (from its policy store).
        case awaitingGateway(ticket: Int, AnsweredRequest?)
        case ready(ByteBuffer, AnsweredRequest?)
        /// Being written as it arrives from upstream; what follows waits.
        case passingThrough
    }

    /// A response to write now.
    struct Writable {
        let bytes: ByteBuffer
        let answering: AnsweredRequest?
    }

    private var slots: [Slot] = []
    private var head = 0
    private var lastTicket = 0
    /// Bytes of responses made but not yet taken for writing (they wait
    /// behind one still to come), which bounds what a client can make the
    /// gateway hold by pipelining requests it answers itself.
    private(set) var queuedBytes = 0

    var isEmpty: Bool { head == slots.count }

    /// Reserves the place of a request whose response will come from upstream.
    mutating func expectUpstreamResponse(answering request: AnsweredRequest?) {
        slots.append(.awaitingUpstream(request))
    }

    /// Reserves the place of an answer the gateway will make later; the
    /// ticket names it when it comes (`fulfilGateway`).
    mutating func expectGatewayAnswer(answering request: AnsweredRequest?) -> Int {
        lastTicket += 1
        slots.append(.awaitingGateway(ticket: lastTicket, request))
        return lastTicket
    }

    /// Fills the place reserved under `ticket`; false when there is none.
    mutating func fulfilGateway(_ ticket: Int, with response: ByteBuffer) -> Bool {
        guard let index = slots[head...].firstIndex(where: { if case .awaitingGateway(let held, _) = $0 { held == ticket } else { false } }),
              case .awaitingGateway(_, let request) = slots[index] else {
            return false
        }
        slots[index] = .ready(response, request)
        queuedBytes += response.readableBytes
        return true
    }

    /// Queues a response the gateway made itself.
    mutating func enqueueLocal(_ response: ByteBuffer, answering request: AnsweredRequest?) {
        queuedBytes += response.readableBytes
        slots.append(.ready(response, request))
    }

    /// Fills the oldest place reserved for an upstream response. Returns
    /// false when no request is waiting for one (the upstream misbehaved).
    mutating func fulfilUpstream(with response: ByteBuffer) -> Bool {
        guard let index = slots[head...].firstIndex(where: { if case .awaitingUpstream = $0 { true } else { false } }),
              case .awaitingUpstream(let request) = slots[index] else {
            return false
        }
        slots[index] = .ready(response, request)
        queuedBytes += response.readableBytes
        return true
    }

    /// Whether the next response to write is an upstream one not yet
    /// begun: only then may it be written as it arrives.
    var upstreamResponseIsNext: Bool {
        guard head < slots.count, case .awaitingUpstream = slots[head] else { return false }
        return true
    }

    /// Whether a response is being written as it arrives (what follows it waits).
    var isPassingThrough: Bool {
        guard head < slots.count, case .passingThrough = slots[head] else { return false }
        return true
    }

    /// The next response (see `upstreamResponseIsNext`) is being written as
    /// it arrives; returns the request it answers.
    mutating func beginPassingThrough() -> AnsweredRequest? {
        guard head < slots.count, case .awaitingUpstream(let request) = slots[head] else {
            preconditionFailure("only the next response can pass through")
        }
        slots[head] = .passingThrough
        return request
    }

    /// The response passing through is whole: the ones behind it may follow.
    mutating func finishPassingThrough() {
        precondition(isPassingThrough, "no response is passing through")
        head += 1
    }

    /// Removes and returns the responses that can be written now, in order.
    mutating func takeWritable() -> [Writable] {
        var writable: [Writable] = []
        while head < slots.count, case .ready(let response, let request) = slots[head] {
            writable.append(Writable(bytes: response, answering: request))
            queuedBytes -= response.readableBytes
            head += 1
        }
        if head == slots.count {
            slots.removeAll(keepingCapacity: true)
            head = 0
        }
        return writable
    }
}
