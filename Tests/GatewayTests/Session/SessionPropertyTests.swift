import Authentication
import KafkaProtocol
import NIOCore
import PolicyStore
import XCTest
@testable import Gateway

/// Drives the machine with random event sequences (seeded, so a failure
/// names its seed and replays) and checks its invariants after every event:
/// nothing is forwarded but a request received while a live session of an
/// admitted principal existed; nothing happens after close; every request
/// gets exactly one answer, or the connection closes.
final class SessionPropertyTests: XCTestCase {
    func testInvariantsHoldForRandomEventSequences() {
        var forwarded = 0, served = 0, closed = 0
        for seed in 1...300 {
            var run = RandomSession(seed: UInt64(seed))
            for _ in 0..<100 { run.step() }
            run.finish()
            if run.failure != nil {
                XCTFail("seed \(seed): \(run.failure!)\nevents: \(run.history.joined(separator: " → "))")
                return
            }
            forwarded += run.driver.forwarded.count
            if run.driver.actions.contains(where: { if case .log(.authenticated) = $0 { true } else { false } }) { served += 1 }
            if run.driver.closeReason != nil { closed += 1 }
        }
        // The sequences must reach the states that matter, or the invariants hold vacuously.
        XCTAssertGreaterThan(forwarded, 1000)
        XCTAssertGreaterThan(served, 100)
        XCTAssertGreaterThan(closed, 50)
    }
}

/// One random run: a simulated client, policy store, clock and upstream.
private struct RandomSession {
    var random: SeededRandom
    var driver: SessionDriver
    var failure: String?
    var history: [String] = []
    var nextCorrelationId: Int32 = 1
    /// Requests sent that expect an answer, by correlation id.
    var expectingAnswer: Set<Int32> = []
    /// Correlation ids received while a live session of an admitted principal existed.
    var admissible: Set<Int32> = []
    /// Forwarded and not yet answered by the simulated upstream, oldest first.
    var upstreamQueue: [(UpstreamID, Int32)] = []
    var scram: (ScramClientExchange, serverFirst: [UInt8])?
    var clientGone = false
    var checkedActions = 0

    init(seed: UInt64) {
        random = SeededRandom(seed: seed)
        let choice = random.next(3)
        let configuration = switch choice {
        case 0: SessionFixture.configuration(sessionLifetime: .seconds(20))
        case 1: SessionFixture.configuration(.certificate(.default, required: false), usesTLS: true, allowsAnonymous: random.next(2) == 0)
        default: SessionFixture.configuration(.anonymous, allowsAnonymous: random.next(2) == 0)
        }
        driver = SessionDriver(configuration, policy: SessionFixture.alice)
        driver.accept()
        check()
    }

    mutating func step() {
        guard failure == nil else { return }
        // Mostly what a client does next, so that runs reach the states that matter.
        switch driver.machine.state {
        case .awaitingHandshake where random.next(10) < 9:
            handshake()
        case .authenticating where random.next(10) < 8:
            if scram == nil { beginScram() } else { finishScram() }
        case .serving where upstreamIsBusy && random.next(2) == 0:
            upstreamConnectsOrRenews()
        default:
            randomEvent()
        }
        check()
    }

    /// Requests most of the time; the events that end sessions rarely enough that sessions live a while.
    private mutating func randomEvent() {
        let roll = random.next(100)
        switch roll {
        case 0..<14: sendRequest(SessionFixture.apiVersions(claimCorrelationId()), "ApiVersions")
        case 14..<38: sendRequest(SessionFixture.metadata(claimCorrelationId()), "Metadata")
        case 38..<50:
            let id = claimCorrelationId()
            sendRequest(SessionFixture.frame(.heartbeat(HeartbeatRequest(groupId: "g")), version: 4, correlationId: id), "Heartbeat")
        case 50..<55:
            guard case .sasl = driver.machine.configuration.authentication else { return }
            if scram == nil { beginScram() } else { finishScram() }
        case 55..<63:
            let advance = Int64(random.next(12_000))
            driver.now = driver.now + .milliseconds(advance)
            history.append("+\(advance)ms")
            fireDueTimers()
        case 63..<66:
            let policy = [SessionFixture.alice, SessionFixture.nobody, SessionFixture.policy(["alice": false])][random.next(3)]
            history.append("policy(\(policy.principals["alice"].map { $0.enabled ? "enabled" : "disabled" } ?? "removed"))")
            driver.changePolicy(policy)
        case 66..<72: upstreamConnectsOrRenews()
        case 72..<90: upstreamAnswers()
        case 90..<92:
            guard let id = driver.upstreamID else { return }
            history.append("upstream fails")
            upstreamQueue.removeAll { $0.0 == id }
            driver.record(driver.machine.upstreamFailed(id, .disconnected, reason: "random failure"))
        case 92..<98:
            let writable = random.next(4) != 0
            history.append(writable ? "writable" : "not writable")
            driver.record(driver.machine.clientWritabilityChanged(isWritable: writable))
        default:
            if case .awaitingHandshake = driver.machine.state {
                handshake()
            } else {
                history.append("client closes")
                clientGone = true
                driver.record(driver.machine.clientClosed())
            }
        }
    }

    private mutating func handshake() {
        let certificate: SessionStateMachine.ClientCertificate = random.next(5) == 0 ? .absent : .verified(principalName: "alice")
        history.append("handshake(\(certificate))")
        driver.record(driver.machine.handshakeCompleted(certificate: certificate, now: driver.now, policy: driver.gatewayPolicy))
    }

    /// Lets the upstream answer everything outstanding, then checks that every request was answered once.
    mutating func finish() {
        guard failure == nil else { return }
        var rounds = 0
        while !upstreamQueue.isEmpty || upstreamIsBusy, rounds < 100 {
            rounds += 1
            upstreamConnectsOrRenews()
            upstreamAnswers()
            check()
        }
        let answers = driver.answeredCorrelationIds.reduce(into: [Int32: Int]()) { $0[$1, default: 0] += 1 }
        for (id, count) in answers where count > 1 {
            failure = "request \(id) answered \(count) times"
        }
        if !driver.machine.isClosed, !clientGone {
            let unanswered = expectingAnswer.filter { answers[$0] == nil }
            if !unanswered.isEmpty {
                failure = "requests never answered on an open connection: \(unanswered.sorted())"
            }
        }
    }

    /// Connecting, or renewing its session: the upstream will act without the client.
    private var upstreamIsBusy: Bool {
        switch driver.machine.upstream {
        case .connecting, .renewing(_, _, exchangeStarted: true): true
        default: false
        }
    }

    private mutating func claimCorrelationId() -> Int32 {
        defer { nextCorrelationId += 1 }
        return nextCorrelationId
    }

    private mutating func sendRequest(_ frame: ByteBuffer, _ name: String) {
        let id = frame.getInteger(at: 8, as: Int32.self)!
        history.append("\(name)#\(id)")
        guard !clientGone else { return }
        expectingAnswer.insert(id)
        if case .serving(let session) = driver.machine.state, session.isLive(at: driver.now),
           driver.machine.admits(session.principal, policy: driver.gatewayPolicy) {
            admissible.insert(id)
        }
        // A paused connection reads nothing: the frame stays in the socket.
        guard driver.machine.isReading else {
            expectingAnswer.remove(id)
            return
        }
        driver.send(frame)
    }

    private mutating func beginScram() {
        guard !clientGone, driver.machine.isReading else { return }
        let user = random.next(10) == 0 ? "mallory" : "alice"
        history.append("scram-begin(\(user))")
        let first = nextCorrelationId
        nextCorrelationId += 2
        expectingAnswer.formUnion([first, first + 1])
        scram = driver.beginScram(as: user, correlationId: first)
    }

    private mutating func finishScram() {
        guard !clientGone, driver.machine.isReading, let begun = scram else { return }
        history.append("scram-finish")
        scram = nil
        let id = claimCorrelationId()
        expectingAnswer.insert(id)
        var client = begun.0
        guard let final = try? client.receiveServerFirst(begun.serverFirst) else { return }
        driver.send(SessionFixture.authenticate(id, final))
    }

    private mutating func fireDueTimers() {
        for (timer, armed) in driver.timers where armed.at <= driver.now {
            history.append("timer(\(timer))")
            driver.fire(timer)
        }
    }

    private mutating func upstreamConnectsOrRenews() {
        switch driver.machine.upstream {
        case .connecting(let id, _):
            history.append("upstream connects")
            driver.record(driver.machine.upstreamConnected(id, sessionLifetime: random.next(2) == 0 ? nil : .seconds(15)))
        case .renewing(let id, _, exchangeStarted: true):
            history.append("upstream renewed")
            driver.record(driver.machine.upstreamRenewed(id, sessionLifetime: .seconds(15)))
        default:
            break
        }
    }

    private mutating func upstreamAnswers() {
        guard let (id, correlationId) = upstreamQueue.first else { return }
        upstreamQueue.removeFirst()
        history.append("upstream answers #\(correlationId)")
        driver.record(driver.machine.upstreamResponded(id, frame: SessionFixture.upstreamResponse(correlationId)) { frame, _ in (frame, []) })
    }

    /// The invariants, over the actions taken since the last check.
    private mutating func check() {
        let new = driver.actions[checkedActions...]
        checkedActions = driver.actions.count
        var closedBefore = driver.actions[..<new.startIndex].contains { if case .close = $0 { true } else { false } }
        for action in new {
            if closedBefore || clientGone, !action.isCleanup {
                failure = "\(action) after close"
                return
            }
            switch action {
            case .forward(let frame, let id):
                forwarded([frame], on: id)
            case .forwardAll(let frames, let id):
                forwarded(frames, on: id)
            case .close:
                closedBefore = true
            default:
                break
            }
            if failure != nil { return }
        }
    }

    private mutating func forwarded(_ frames: [ByteBuffer], on id: UpstreamID) {
        for frame in frames {
            let correlationId = frame.getInteger(at: 8, as: Int32.self)!
            guard admissible.contains(correlationId) else {
                failure = "request \(correlationId) forwarded without a live session of an admitted principal"
                return
            }
            upstreamQueue.append((id, correlationId))
        }
    }
}

private extension SessionAction {
    /// What may still happen once a connection is closed: letting go of an upstream.
    var isCleanup: Bool {
        switch self {
        case .closeUpstream, .log(.clientDisconnected): true
        default: false
        }
    }
}

/// SplitMix64: a small seeded generator, so that a failing sequence replays.
struct SeededRandom {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next(_ bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(bound))
    }
}
