using Tally.Storage;

namespace Tally.Engine.Dispatch;

/// <summary>What the venue said about an order or conditional order: a closed set the dispatcher switches over.</summary>
public abstract record VenueAnswer
{
    private VenueAnswer()
    {
    }

    /// <summary>The venue has it: its id and where it stands, as an intent status.</summary>
    public sealed record Known(string VenueOrderId, OrderIntentStatus Status) : VenueAnswer;

    /// <summary>The venue refused it (its code and message); nothing was placed.</summary>
    public sealed record Refused(int? Code, string Message) : VenueAnswer;

    /// <summary>No answer could be had: the order may or may not stand (look it up later, never resend blindly).</summary>
    public sealed record Unknown(string Message) : VenueAnswer;

    /// <summary>A lookup found nothing under the client order id.</summary>
    public sealed record NotFound : VenueAnswer;
}
