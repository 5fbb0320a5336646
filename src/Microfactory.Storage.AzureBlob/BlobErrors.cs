using System.Xml.Linq;
using Azure;

namespace Microfactory.Storage.AzureBlob;

/// <summary>Turns Blob REST error answers into the store's exceptions, naming Azure's x-ms-error-code.</summary>
internal static class BlobErrors
{
    public static string Code(Response response) =>
        response.Headers.TryGetValue("x-ms-error-code", out var code) ? code : "(no x-ms-error-code)";

    public static Exception For(Response response, string operation, string? key)
    {
        var code = Code(response);
        var detail = $"{response.Status} {code}{MessageOf(response)}";
        return response.Status switch
        {
            412 when key is not null => new StoreConflictException(key, StoreConflictKind.PreconditionFailed, detail),
            409 when key is not null && code == "BlobAlreadyExists" => new StoreConflictException(key, StoreConflictKind.AlreadyExists, detail),
            401 or 403 => new StoreUnavailableException(
                $"Azure Blob refused to {operation}: {detail}. The account key, SAS or token is wrong, expired or lacks permission."),
            _ => new RequestFailedException(response.Status, $"Azure Blob could not {operation}: {detail}.", code, null),
        };
    }

    public static BlobLeaseException Lease(Response response, string key, string operation) =>
        new(key, Code(response), $"{operation} answered {response.Status}{MessageOf(response)}.");

    // Azure's error body: <Error><Code>..</Code><Message>..</Message></Error>. Only the first line of the message:
    // the rest is a request id and a timestamp.
    private static string MessageOf(Response response)
    {
        try
        {
            if (response.ContentStream is not MemoryStream { Length: > 0 and < 65536 } body)
            {
                return "";
            }

            body.Position = 0;
            var message = XDocument.Load(body).Root?.Element("Message")?.Value;
            return string.IsNullOrWhiteSpace(message) ? "" : ": " + message.Split('\n')[0].Trim();
        }
        catch (System.Xml.XmlException)
        {
            return "";
        }
    }
}
