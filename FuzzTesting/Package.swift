// swift-tools-version: 6.1
// Fuzzing for the Kafka protocol codec, the security parsers and the broker's log files,
// kept out of the main package so that a plain `swift build` / `swift test` never links
// libFuzzer. See scripts/fuzz.sh.
import PackageDescription

let package = Package(
    name: "PortcullisFuzzTesting",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "KafkaFuzzer", targets: ["KafkaFuzzer"]),
        .executable(name: "KafkaSeedGenerator", targets: ["KafkaSeedGenerator"]),
        .executable(name: "SecurityFuzzer", targets: ["SecurityFuzzer"]),
        .executable(name: "SegmentFuzzer", targets: ["SegmentFuzzer"]),
    ],
    dependencies: [
        .package(name: "Portcullis", path: ".."),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
    ],
    targets: [
        // `runLibFuzzer`: the one `LLVMFuzzerRunDriver` declaration and driver loop, used by
        // every fuzzer executable below.
        .target(name: "FuzzDriver"),
        // The checks one input goes through; shared by the fuzzer and the seed generator
        // (which runs every seed through them before writing it).
        .target(
            name: "KafkaFuzzChecks",
            dependencies: [
                .product(name: "KafkaProtocol", package: "Portcullis"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        // libFuzzer entry point. Build only with
        // `-Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld` (scripts/fuzz.sh).
        .executableTarget(
            name: "KafkaFuzzer",
            dependencies: ["FuzzDriver", "KafkaFuzzChecks"]
        ),
        // The checks of the security parsers (SCRAM, IAM tokens, IAM policies, policy files); each file is a
        // symlink to the test target that replays saved inputs with it.
        .target(
            name: "AuthenticationFuzzChecks",
            dependencies: [.product(name: "Authentication", package: "Portcullis")]
        ),
        .target(
            name: "IamPolicyFuzzChecks",
            dependencies: [.product(name: "Authorization", package: "Portcullis")]
        ),
        .target(
            name: "PolicyYAMLFuzzChecks",
            dependencies: [.product(name: "PolicyFiles", package: "Portcullis")]
        ),
        // libFuzzer entry point for those parsers; SECURITY_FUZZ_TARGET picks one (scripts/fuzz.sh).
        .executableTarget(
            name: "SecurityFuzzer",
            dependencies: ["FuzzDriver", "AuthenticationFuzzChecks", "IamPolicyFuzzChecks", "PolicyYAMLFuzzChecks"]
        ),
        // The broker's on-disk log read back at startup (segments, indexes, key file, producer
        // snapshot); the file is a symlink to the Broker test target, which replays saved inputs.
        .target(
            name: "SegmentFuzzChecks",
            dependencies: [
                .product(name: "Broker", package: "Portcullis"),
                .product(name: "KafkaProtocol", package: "Portcullis"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        // libFuzzer entry point for the segment files (FUZZ_TARGET=segment in scripts/fuzz.sh).
        .executableTarget(
            name: "SegmentFuzzer",
            dependencies: ["FuzzDriver", "SegmentFuzzChecks"]
        ),
        // Writes seed-corpus/ from random valid messages. Its Arbitrary/ directory is a
        // symlink to the test target's generated value makers, so the seeds follow the schemas.
        .executableTarget(
            name: "KafkaSeedGenerator",
            dependencies: [
                "KafkaFuzzChecks",
                .product(name: "KafkaProtocol", package: "Portcullis"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
    ]
)
