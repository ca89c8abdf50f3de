import KafkaProtocol
import NIOCore
import NIOPosix

/// Runs the policy store's answers on NIO's blocking thread pool (SQLite
/// waits on disk and on other writers) and hands them back on the loop.
extension ClientConnectionHandler {
    func administer(_ request: KafkaRequestFrame, ticket: Int, actor: String) {
        guard let context else { return }
        guard let administration = listener.administration else {
            let refusal = KafkaResponseBody.refusal(of: request.body, errorCode: KafkaErrorCode.unknownServerError.rawValue)
            perform(machine.administered(ticket: ticket, request: request, response: refusal))
            return
        }
        let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
        NIOThreadPool.singleton.runIfActive(eventLoop: context.eventLoop) {
            administration.answer(request.body, version: request.apiVersion, actor: actor)
        }.whenComplete { result in
            let response = (try? result.get())
                ?? KafkaResponseBody.refusal(of: request.body, errorCode: KafkaErrorCode.unknownServerError.rawValue)
            handler.value.perform(handler.value.machine.administered(ticket: ticket, request: request, response: response))
        }
    }
}
