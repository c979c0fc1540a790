//! The success answers of the operations, each with the description the OpenAPI document
//! gives its 200: a JSON body answered exactly as poem-openapi's `Json` answers it.

use poem_openapi::payload::Json;
use poem_openapi::registry::MetaResponses;
use poem_openapi::types::ToJSON;

use crate::users::{Empty, Message};

/// `Json<T>`'s one 200 response, described by `description`.
pub fn described<T: ToJSON>(description: &'static str) -> MetaResponses {
    let mut meta = <Json<T> as poem_openapi::ApiResponse>::meta();
    for response in &mut meta.responses {
        response.description = description;
    }
    meta
}

/// Declares `$name<T>`, a 200 answering `T` as JSON and documented as `$description`; with
/// `[]`, the same for a `Vec<T>`; with `($ty)`, `$name`, the same for one type; with
/// `= $value`, `$name`, a 200 answering that one value.
macro_rules! answer {
    ($name:ident, $description:literal) => {
        #[doc = $description]
        pub struct $name<T>(pub T);

        impl<T: poem_openapi::types::ToJSON + Send> poem::IntoResponse for $name<T> {
            fn into_response(self) -> poem::Response {
                poem_openapi::payload::Json(self.0).into_response()
            }
        }

        impl<T: poem_openapi::types::ToJSON + Send> poem_openapi::ApiResponse for $name<T> {
            fn meta() -> poem_openapi::registry::MetaResponses {
                $crate::answers::described::<T>($description)
            }

            fn register(registry: &mut poem_openapi::registry::Registry) {
                <T as poem_openapi::types::Type>::register(registry);
            }
        }
    };
    ($name:ident[], $description:literal) => {
        #[doc = $description]
        pub struct $name<T>(pub Vec<T>);

        impl<T: poem_openapi::types::ToJSON + Send> poem::IntoResponse for $name<T> {
            fn into_response(self) -> poem::Response {
                poem_openapi::payload::Json(self.0).into_response()
            }
        }

        impl<T: poem_openapi::types::ToJSON + Send> poem_openapi::ApiResponse for $name<T> {
            fn meta() -> poem_openapi::registry::MetaResponses {
                $crate::answers::described::<Vec<T>>($description)
            }

            fn register(registry: &mut poem_openapi::registry::Registry) {
                <Vec<T> as poem_openapi::types::Type>::register(registry);
            }
        }
    };
    ($name:ident($ty:ty), $description:literal) => {
        #[doc = $description]
        pub struct $name(pub $ty);

        impl poem::IntoResponse for $name {
            fn into_response(self) -> poem::Response {
                poem_openapi::payload::Json(self.0).into_response()
            }
        }

        impl poem_openapi::ApiResponse for $name {
            fn meta() -> poem_openapi::registry::MetaResponses {
                $crate::answers::described::<$ty>($description)
            }

            fn register(registry: &mut poem_openapi::registry::Registry) {
                <$ty as poem_openapi::types::Type>::register(registry);
            }
        }
    };
    ($name:ident = $value:expr, $ty:ty, $description:literal) => {
        #[doc = $description]
        pub struct $name;

        impl poem::IntoResponse for $name {
            fn into_response(self) -> poem::Response {
                poem_openapi::payload::Json::<$ty>($value).into_response()
            }
        }

        impl poem_openapi::ApiResponse for $name {
            fn meta() -> poem_openapi::registry::MetaResponses {
                $crate::answers::described::<$ty>($description)
            }

            fn register(registry: &mut poem_openapi::registry::Registry) {
                <$ty as poem_openapi::types::Type>::register(registry);
            }
        }
    };
}

pub(crate) use answer;

answer!(
    Record,
    "The record, as stored (after the change, for a write)."
);
answer!(Records[], "The records.");
answer!(
    Done = Empty {},
    Empty,
    "Done; the body is the empty object `{}`."
);
answer!(
    Confirmed = Message::ok(),
    Message,
    "Done; the body is `{\"message\": \"ok\"}`."
);
