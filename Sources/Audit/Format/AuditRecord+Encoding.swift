extension AuditRecord {
    /// The record's line: canonical JSON (`CanonicalJSONObject`) in
    /// `AuditField` order, absent values left out, without the newline.
    public var line: [UInt8] {
        var object = CanonicalJSONObject()
        object.add(.seq, seq)
        object.add(.prev, prev.description)
        object.add(.time, time.description)
        object.add(.kind, kind.rawValue)
        switch content {
        case .event(let event):
            object.add(.connection, event.connection?.id)
            object.add(.client, event.connection?.clientAddress)
            object.add(.clientPort, event.connection?.clientPort)
            object.add(.listener, event.connection?.listener)
            object.add(.principal, event.principal)
            object.add(.mechanism, event.mechanism)
            object.add(.apiKey, event.request?.apiKey)
            object.add(.apiVersion, event.request?.apiVersion)
            object.add(.resourceType, event.resource?.type)
            object.add(.resourceName, event.resource?.name)
            object.add(.patternType, event.resource?.patternType)
            object.add(.operation, event.operation)
            object.add(.decision, event.decision?.rawValue)
            object.add(.rule, event.rule?.name)
            object.add(.ruleDescription, event.rule?.description)
            object.add(.reason, event.reason)
            object.add(.actor, event.change?.actor)
            object.add(.action, event.change?.action)
            object.add(.subject, event.change?.subject)
            object.add(.details, event.change?.details)
            object.add(.source, event.change?.source)
            object.add(.changeId, event.change?.changeId)
        case .checkpoint(let checkpoint):
            object.add(.dropped, checkpoint.dropped)
            object.add(.mac, Hex.encode(checkpoint.mac))
        }
        return object.finished()
    }
}
