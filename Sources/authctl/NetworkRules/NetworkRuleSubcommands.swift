import ArgumentParser
import Authorization
import PolicyStore

struct NetworkRuleAllow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "allow", abstract: "Allow clients in a CIDR block to use topics; an existing rule is left as it is."
    )
    @OptionGroup var options: PolicyStoreOptions
    @OptionGroup var ruleOptions: NetworkRuleOptions

    func run() throws {
        let rule = ruleOptions.rule
        let added = try options.openStore().addNetworkRule(rule, actor: options.resolvedActor)
        print(added ? "added network rule \(rule)" : "network rule \(rule) exists already; nothing changed")
    }
}

struct NetworkRuleRemove: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove", abstract: "Remove the rule with exactly these options."
    )
    @OptionGroup var options: PolicyStoreOptions
    @OptionGroup var ruleOptions: NetworkRuleOptions

    func run() throws {
        let rule = ruleOptions.rule
        try options.openStore().removeNetworkRule(rule, actor: options.resolvedActor)
        print("removed network rule \(rule)")
    }
}

struct NetworkRuleList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the network rules.")
    @OptionGroup var options: PolicyStoreOptions
    @Option(help: "table or json.") var output: OutputFormat = .table

    func run() throws {
        let rules = try options.openStore().listNetworkRules()
        switch output {
        case .table: print(NetworkRuleListing.table(rules))
        case .json: print(try JSONOutput.render(rules.map(NetworkRuleListing.Record.init)))
        }
    }
}
