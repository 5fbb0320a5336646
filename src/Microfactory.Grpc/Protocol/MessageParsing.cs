using Google.Protobuf;

namespace Microfactory.Grpc.Protocol;

/// <summary>Turns a payload into a message; a payload that is not the expected protobuf becomes a status.</summary>
internal static class MessageParsing
{
    public static T Parse<T>(MessageParser<T> parser, byte[] payload, string what)
        where T : IMessage<T>
    {
        try
        {
            return parser.ParseFrom(payload);
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new RpcException(new Status(StatusCode.Internal, $"Failed to deserialize {what} message: {ex.Message}"));
        }
    }
}
