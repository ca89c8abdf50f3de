import KafkaProtocol

/// What authorizing one request came to.
enum RequestVerdict {
    /// Forward it. `body` replaces the client's when only part of it is
    /// allowed; `amendment` is applied to the upstream's response (the
    /// denied part merged back, topics filtered, authorized operations set).
    case forward(body: KafkaRequestBody?, amendment: ResponseAmendment?)
    /// Nothing of it may reach the upstream: the gateway answers.
    case answer(KafkaResponseBody)
    /// Forward `body` in another version of the API (one that can say what
    /// the client's cannot); the response is read in that version and
    /// written back in the client's.
    case forwardAs(version: Int16, body: KafkaRequestBody, amendment: ResponseAmendment?)
    /// The gateway answers from its policy store (the ACL and SCRAM credential APIs).
    case administer
    /// The request names topics by ids the gateway has not seen: ask the
    /// upstream for their names, then authorize it again.
    case resolveTopicIds(Set<KafkaUUID>)

    static var unchanged: RequestVerdict { .forward(body: nil, amendment: nil) }
}

/// A change the gateway makes to the upstream's answer to a request it
/// authorized, decided at request time but applied when the response comes.
/// It may ask more questions then (which topics of a listing to show), and
/// returns their decisions for the decision log.
struct ResponseAmendment {
    let apply: (inout KafkaResponseBody) -> [AccessDecision]

    /// Merges the answer for the denied part of a request into the upstream's.
    static func merging(_ denied: KafkaResponseBody) -> ResponseAmendment {
        ResponseAmendment { response in
            response.absorbResources(of: denied)
            return []
        }
    }

    /// Both, in order.
    func then(_ next: ResponseAmendment?) -> ResponseAmendment {
        guard let next else { return self }
        return ResponseAmendment { response in apply(&response) + next.apply(&response) }
    }
}

extension RequestVerdict {
    /// The same verdict with `next` also applied to the response, forwarded or answered.
    func amended(by next: ResponseAmendment) -> RequestVerdict {
        switch self {
        case .forward(let body, let amendment):
            return .forward(body: body, amendment: amendment.map { $0.then(next) } ?? next)
        case .forwardAs(let version, let body, let amendment):
            return .forwardAs(version: version, body: body, amendment: amendment.map { $0.then(next) } ?? next)
        case .answer(var response):
            _ = next.apply(&response)
            return .answer(response)
        case .administer, .resolveTopicIds:
            return self
        }
    }
}
