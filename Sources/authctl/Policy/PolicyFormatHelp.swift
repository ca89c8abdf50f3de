/// The help `apply` and `diff` share: what the files hold and what applying them means.
enum PolicyFormatHelp {
    static let discussion = """
        The policy is YAML: one or more files, each a mapping with any of these keys \
        (policies/README.md has the full rules and a commented example):

          users:                          # never secrets
            - {name: NAME, enabled: true, superUser: false}
          removeUnlistedUsers: false
          acls:
            - principal: User:NAME        # or User:*
              permission: ALLOW           # or DENY
              operations: [Read, Describe]
              topic: NAME                 # or group, transactionalId, cluster
              patternType: LITERAL        # or PREFIXED
              hosts: ["*"]                # IP addresses; every host by default
          networkRules:
            - topic: NAME
              patternType: LITERAL        # or PREFIXED
              cidrs: [10.0.0.0/8]         # IPv4 or IPv6 blocks
              operations: [All]           # topic operations; All by default
          quotas:                         # Kafka's client quotas
            - user: NAME                  # or user: <default>, ip: ADDRESS, ip: <default>
              producer_byte_rate: 1048576 # bytes/s; also consumer_byte_rate, request_percentage
            - {ip: <default>, connection_creation_rate: 10}
          iam:                            # IAM attachments; never access keys
            users:
              - {name: NAME, policies: [POLICY]}
            roles:
              - {name: NAME, policies: [POLICY]}

        A directory's iam/ subdirectory holds IAM policy documents (AWS's JSON), one per file: \
        iam/orders-writer.json is the policy orders-writer, checked as `authctl iam policy put` \
        checks it (a problem names the file and the statement).
        An ACL entry names exactly one of topic, group, transactionalId or cluster (kafka-cluster) \
        and stands for one ACL per host and operation; a network rule entry stands for one rule \
        per CIDR block.

        The files are the source of truth for each kind they mention: when any file has acls, the \
        store's ACLs become exactly the files' (others are removed); likewise networkRules and \
        quotas (a stored quota value the files do not declare is removed). A kind \
        no file mentions is left alone (acls: [] removes every ACL). Users listed are created or \
        updated (enabled, superUser); users not listed are left alone, with their credentials, \
        unless removeUnlistedUsers: true, which removes them. Anything declared twice is refused.

        IAM: when an iam/ directory is given, the store's policies become exactly its documents, \
        except that a policy no file declares is kept while a user or role the files do not \
        declare has it attached (diff and apply note it with =). Each IAM user or role listed \
        under iam: is created when missing and its attached policies become exactly the list; \
        IAM users and roles not listed are left alone, with their keys and attachments. Without \
        an iam/ directory, attachments must name policies the store holds.

        Every problem in every file is reported as file:line:column: problem, and then nothing is \
        changed. apply makes all its changes in one transaction, each recorded with --actor; a \
        second apply of the same files changes and records nothing.
        """
}
