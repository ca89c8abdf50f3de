// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Portcullis",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "KafkaProtocol", targets: ["KafkaProtocol"]),
        // For the fuzzers in FuzzTesting/, which read unauthenticated bytes with them.
        .library(name: "Authentication", targets: ["Authentication"]),
        .library(name: "Authorization", targets: ["Authorization"]),
        // For FuzzTesting's SegmentFuzzer, which runs the log's recovery over arbitrary files.
        .library(name: "Broker", targets: ["Broker"]),
        // For FuzzTesting's policy-yaml target.
        .library(name: "PolicyFiles", targets: ["PolicyFiles"]),
        .executable(name: "portcullis", targets: ["portcullis"]),
        .executable(name: "authctl", targets: ["authctl"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.4"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
    ],
    targets: [
        .target(
            name: "KafkaProtocol",
            dependencies: ["CCRC32C", .product(name: "NIOCore", package: "swift-nio")]
        ),
        // CRC-32C with the CPU's instruction (SSE4.2), which Swift cannot name.
        .target(name: "CCRC32C"),
        .target(name: "Properties"),
        // The one strict JSON reader and writer (duplicate keys refused, positions in errors): IAM policy
        // documents in Authorization, the AWS_MSK_IAM payload in Authentication. No dependencies.
        .target(name: "StrictJSON"),
        // ACLs, network rules and the per-API authorization table's vocabulary: pure logic.
        .target(name: "Authorization", dependencies: ["StrictJSON"]),
        .target(name: "SecretHandling"),
        // Prometheus metrics (the catalogue of names, capped label families, process figures) and the
        // metrics port's HTTP server with /metrics, /healthz and /readyz.
        .target(
            name: "Observability",
            dependencies: [
                "Properties",
                "StrictJSON",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        // AWS Signature Version 4 (signing and the pieces a verifier rebuilds) and AWS credentials:
        // pure logic, apart from KeyManagement so that Authentication can verify IAM tokens without an HTTP client.
        .target(
            name: "AWSSigV4",
            dependencies: ["SecretHandling", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .target(
            name: "KeyManagement",
            dependencies: [
                "Observability",
                "SecretHandling",
                "AWSSigV4",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The decision log: hash-chained JSON Lines with KMS-keyed checkpoints; writer, reader, verifier.
        .target(
            name: "Audit",
            dependencies: [
                "Observability",
                "SecretHandling",
                "Properties",
                "KeyManagement",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Usage metering: the append-only usage journal, its recorder, the report and the bill estimate.
        .target(
            name: "Usage",
            dependencies: ["SecretHandling", .product(name: "Logging", package: "swift-log")]
        ),
        .target(
            name: "Broker",
            dependencies: [
                "Observability",
                "KafkaProtocol",
                "SecretHandling",
                "Properties",
                "KeyManagement",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "Authentication",
            dependencies: [
                "SecretHandling",
                "StrictJSON",
                "AWSSigV4",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ]
        ),
        .target(
            name: "PolicyStore",
            dependencies: [
                "SecretHandling",
                // IAM secret access keys are sealed under a KMS key (SealedSecret).
                "KeyManagement",
                "Authentication",
                "Authorization",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "CertificateAuthority",
            dependencies: [
                "SecretHandling",
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "Gateway",
            dependencies: [
                "LogDelivery",
                "Usage",
                "Observability",
                // The series types a connection caches (Counter, Gauge, DurationHistogram).
                .product(name: "Prometheus", package: "swift-prometheus"),
                "Audit",
                "SecretHandling",
                "KafkaProtocol",
                "Properties",
                "Authentication",
                "Authorization",
                "PolicyStore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "DevCluster",
            dependencies: [
                "Usage",
                "Observability",
                "Audit",
                "SecretHandling",
                "Broker",
                "Gateway",
                "PolicyStore",
                "CertificateAuthority",
                "Authentication",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Log delivery: ships the decision log's files to CloudWatch Logs, S3 and Kinesis, as MSK
        // delivers broker logs. Reads files only, so a destination that is down holds nothing else up.
        .target(
            name: "LogDelivery",
            dependencies: [
                "Audit",
                "AWSSigV4",
                // AWSEndpoint, AWSConfigurationError and credentials from the environment, as the KMS client reads them.
                "KeyManagement",
                "Properties",
                "SecretHandling",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "portcullis",
            dependencies: [
                "LogDelivery",
                "Usage",
                "Properties",
                "Observability",
                "Audit",
                "KafkaProtocol",
                "Broker",
                "Gateway",
                "PolicyStore",
                "DevCluster",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        // Declarative policy files (YAML, with iam/*.json) read into a DeclaredPolicy, every problem
        // at its file:line:column: `authctl apply` and `diff`, and FuzzTesting's policy-yaml target.
        .target(
            name: "PolicyFiles",
            dependencies: ["Authorization", "PolicyStore", "SecretHandling", .product(name: "Yams", package: "Yams")]
        ),
        .executableTarget(
            name: "authctl",
            dependencies: [
                "Audit",
                "PolicyFiles",
                "SecretHandling",
                "Authorization",
                "Broker",
                "KeyManagement",
                "PolicyStore",
                "CertificateAuthority",
                "Authentication",
                "Gateway",
                "Usage",
                // Reading the decision log back from where it was delivered (`audit verify --from-s3`).
                "LogDelivery",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "CodecBenchmark",
            dependencies: ["KafkaProtocol", .product(name: "NIOCore", package: "swift-nio")],
            path: "bench/CodecBenchmark"
        ),
        .executableTarget(
            name: "AuthorizerBenchmark",
            dependencies: ["Authorization"],
            path: "bench/AuthorizerBenchmark"
        ),
        // IAM tokens made with the project's SigV4 pieces, for the verifier's and the gateway's tests
        // (a regular target so that both test targets share one copy; no XCTest in it).
        .target(
            name: "IamTestTokens",
            dependencies: ["Authentication", "AWSSigV4", .product(name: "Crypto", package: "swift-crypto")],
            path: "Tests/IamTestTokens"
        ),
        .testTarget(
            name: "KafkaProtocolTests",
            dependencies: [
                "KafkaProtocol",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOTestUtils", package: "swift-nio"),
            ],
            resources: [.copy("Fixtures")]
        ),
        // A real moto server on a free loopback port, for the KMS client's and log delivery's tests.
        .target(name: "MotoTestServer", path: "Tests/MotoTestServer"),
        .testTarget(
            name: "KeyManagementTests",
            dependencies: [
                "KeyManagement",
                "Observability",
                "MotoTestServer",
                "AWSSigV4",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "BrokerTests",
            dependencies: [
                "Broker",
                "Observability",
                "KafkaProtocol",
                "KeyManagement",
                // Support/SegmentFuzzChecks.swift (shared with FuzzTesting): its fixed key service and quiet logger.
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "LogDeliveryTests",
            dependencies: ["LogDelivery", "Audit", "AWSSigV4", "KeyManagement", "MotoTestServer", "Properties", "Observability"]
        ),
        .testTarget(name: "SecretHandlingTests", dependencies: ["SecretHandling"]),
        .testTarget(
            name: "AuditTests",
            dependencies: [
                "Audit",
                "Observability",
                "KeyManagement",
                "Properties",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "StrictJSONTests", dependencies: ["StrictJSON"]),
        .testTarget(name: "UsageTests", dependencies: ["Usage", .product(name: "Logging", package: "swift-log")]),
        .testTarget(
            name: "ObservabilityTests",
            dependencies: [
                "Observability",
                "Properties",
                "StrictJSON",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .testTarget(name: "AuthorizationTests", dependencies: ["Authorization"]),
        .testTarget(name: "PolicyFilesTests", dependencies: ["PolicyFiles", "PolicyStore"]),
        .testTarget(
            name: "AuthenticationTests",
            dependencies: [
                "Authentication",
                "AWSSigV4",
                "IamTestTokens",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ],
            // The script that made IamGoldenTokens.swift with AWS's client libraries.
            exclude: ["Iam/Fixtures"]
        ),
        .testTarget(
            name: "PolicyStoreTests",
            dependencies: ["PolicyStore", "Authentication", "Authorization", "KeyManagement"]
        ),
        .testTarget(
            name: "CertificateAuthorityTests",
            dependencies: [
                "CertificateAuthority",
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .testTarget(
            name: "GatewayTests",
            dependencies: [
                "Gateway",
                // The storage sampler's tests ask a real embedded broker over its listener.
                "Broker",
                "Usage",
                "Observability",
                "IamTestTokens",
                // IAM secrets: sealed (any value) in snapshots, opened by a real local KMS in PolicyHolder's tests.
                "KeyManagement",
                .product(name: "Crypto", package: "swift-crypto"),
                "Authorization",
                .product(name: "Logging", package: "swift-log"),
                "KafkaProtocol",
                "Authentication",
                "PolicyStore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .testTarget(
            name: "ClientInteropTests",
            dependencies: [
                "KafkaProtocol",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            exclude: ["clients"]
        ),
    ]
)
