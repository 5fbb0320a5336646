namespace Microfactory.Grpc;

/// <summary>The outcome of a call: a code and a human-readable detail (sent as <c>grpc-message</c>).</summary>
public readonly record struct Status(StatusCode StatusCode, string Detail)
{
    public static readonly Status DefaultSuccess = new(StatusCode.OK, string.Empty);

    public static readonly Status DefaultCancelled = new(StatusCode.Cancelled, string.Empty);

    public override string ToString() => $"Status(StatusCode=\"{StatusCode}\", Detail=\"{Detail}\")";
}
