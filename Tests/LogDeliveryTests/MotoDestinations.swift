import Foundation
import MotoTestServer

/// The three destinations in a moto server, made and read back with boto3.
struct MotoDestinations {
    static let logGroup = "/portcullis/decisions"
    static let logStream = "gw-test"
    static let bucket = "portcullis-audit"
    static let prefix = "decisions"
    static let stream = "portcullis-decisions"
    static let environment = ["AWS_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"]

    /// What each destination holds: CloudWatch messages, S3 objects by key, Kinesis records' data.
    struct Contents: Decodable {
        var cloudwatch: [String]
        var s3: [String: String]
        var kinesis: [String]

        /// The S3 objects' lines, objects in log order (file, then start offset).
        var s3Lines: [String] {
            s3.sorted { Self.order($0.key) < Self.order($1.key) }
                .flatMap { $0.value.split(separator: "\n").map(String.init) }
        }

        private static func order(_ key: String) -> (String, Int) {
            let parts = key.split(separator: "/")
            return (String(parts[parts.count - 2]), Int(parts.last!.split(separator: "-")[0]) ?? 0)
        }
    }

    private static let preamble = """
        import boto3, json, sys
        kw = dict(endpoint_url=sys.argv[1], region_name="us-east-1", aws_access_key_id="testing", aws_secret_access_key="testing")
        """

    /// The bucket and the stream (one shard, so that records keep their order); the log group is the shipper's to make.
    static func create(in moto: AWSMotoServer, bucket: Bool = true, stream: Bool = true) throws {
        _ = try moto.runPython(preamble + """

            if \(bucket ? "True" : "False"):
                boto3.client("s3", **kw).create_bucket(Bucket="\(Self.bucket)")
            if \(stream ? "True" : "False"):
                boto3.client("kinesis", **kw).create_stream(StreamName="\(Self.stream)", ShardCount=1)
            """)
    }

    /// A destination missing from this server reads as empty.
    static func read(from moto: AWSMotoServer) throws -> Contents {
        let printed = try moto.runPython(preamble + """

            logs = boto3.client("logs", **kw)
            events, token = [], None
            try:
                while True:
                    args = dict(logGroupName="\(logGroup)", logStreamName="\(logStream)", startFromHead=True)
                    if token: args["nextToken"] = token
                    page = logs.get_log_events(**args)
                    events += [e["message"] for e in page["events"]]
                    if not page["events"] or page["nextForwardToken"] == token: break
                    token = page["nextForwardToken"]
            except logs.exceptions.ResourceNotFoundException:
                pass
            s3 = boto3.client("s3", **kw)
            objects = {}
            try:
                for page in s3.get_paginator("list_objects_v2").paginate(Bucket="\(bucket)"):
                    for o in page.get("Contents", []):
                        objects[o["Key"]] = s3.get_object(Bucket="\(bucket)", Key=o["Key"])["Body"].read().decode()
            except s3.exceptions.NoSuchBucket:
                pass
            kinesis = boto3.client("kinesis", **kw)
            records = []
            try:
                shards = kinesis.list_shards(StreamName="\(stream)")["Shards"]
            except kinesis.exceptions.ResourceNotFoundException:
                shards = []
            for shard in shards:
                it = kinesis.get_shard_iterator(StreamName="\(stream)", ShardId=shard["ShardId"], ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
                while it:
                    page = kinesis.get_records(ShardIterator=it, Limit=10000)
                    records += [r["Data"].decode() for r in page["Records"]]
                    if not page["Records"]: break
                    it = page.get("NextShardIterator")
            print(json.dumps(dict(cloudwatch=events, s3=objects, kinesis=records)))
            """)
        return try JSONDecoder().decode(Contents.self, from: Data(printed.utf8))
    }
}
