import StrictJSON

extension IamPolicyDocument {
    static func canonical(version: Version?, id: String?, statements: [IamStatement], single: Bool) -> String {
        var members: [(key: String, value: JSONValue)] = []
        if let version { members.append(("Version", .string(version.rawValue))) }
        if let id { members.append(("Id", .string(id))) }
        let rendered = statements.map(\.json)
        members.append(("Statement", single ? rendered[0] : .array(rendered)))
        return JSONValue.object(members).canonicalText()
    }
}

extension IamStatement {
    var json: JSONValue {
        func list(_ items: [String]) -> JSONValue { items.count == 1 ? .string(items[0]) : .array(items.map(JSONValue.string)) }
        var members: [(key: String, value: JSONValue)] = []
        if let sid { members.append(("Sid", .string(sid))) }
        members.append(("Effect", .string(effect.rawValue)))
        switch actionElement {
        case .action(let names): members.append(("Action", list(names)))
        case .notAction(let names): members.append(("NotAction", list(names)))
        }
        switch resourceElement {
        case .resource(let arns): members.append(("Resource", list(arns)))
        case .notResource(let arns): members.append(("NotResource", list(arns)))
        }
        if !conditions.isEmpty {
            var byOperator: [String: [(key: String, value: JSONValue)]] = [:]
            for condition in conditions {
                byOperator[condition.conditionOperator.description, default: []].append((condition.key.description, list(condition.values)))
            }
            let operators = byOperator.keys.sorted().map { name in
                (key: name, value: JSONValue.object(byOperator[name]!.sorted { $0.key < $1.key }))
            }
            members.append(("Condition", .object(operators)))
        }
        return .object(members)
    }
}
