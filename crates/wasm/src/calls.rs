//! The async methods of the JS clients, declared as tables.
//!
//! Every async method has the same shape: read each argument's JSON text (a failure rejects at
//! once, before anything is sent), read the per-call options, then run one call of the core
//! client under the call's stop, its result going back as JSON text. [`client_calls!`] writes
//! that shape from one row per method, so each operation is declared once here, with its JS
//! name, argument types, `.d.ts` types and the core call it makes.
//!
//! A row:
//!
//! ```text
//! /// Doc comment, copied to the .d.ts.
//! getOrder = get_order(orderId: "string" = arg_str, options) -> "Promise<ApsOrder>"
//!     => |c| c.get_order(&orderId);
//! ```
//!
//! - Arguments are named as in JS (the names reach the `.d.ts`). `name: "TsType" = read` reads
//!   the argument's text with `read(api, what, &text)`; `name?: …` is optional, read with
//!   `read(api, what, Option<String>)`. `what` is the name, or a label given after the reader:
//!   `= from_json("quantity increase")`. The reader's result type is inferred from the call, or
//!   given as `= options::<ApsPageQuery>` where a method call on it needs it first.
//! - The last argument is the per-call options: `options` (`RequestOptions`), `options =>
//!   precheck` (`OrderOptions`, binding its `precheck`), or `wait => poll` (`WaitOptions`,
//!   binding the polling policy).
//! - `|c| call` is the core call, with `c` the client's `Rc`: an `ApiCall`, sent by the one
//!   future every such method shares. `async |c| call` is a core call that is a future of its
//!   own (a poll, an order checked against the catalog first); it is awaited in a future of
//!   the method's own.

/// Declares async methods of a JS client class; see the module docs.
macro_rules! client_calls {
    (
        $Class:ident as $js_class:tt, $api:expr;
        $(
            $(#[$doc:meta])*
            $js:ident = $name:ident ( $($args:tt)* ) -> $ret:tt
                => $($kw:ident)? |$c:ident| $call:expr;
        )*
    ) => {$(
        $crate::calls::client_calls!(
            @arg [$Class $js_class ($api) [$($doc)*] $js $name $ret $c [$($kw)?] ($call)]
                [] [] $($args)*
        );
    )*};

    // A required argument.
    (@arg $head:tt [$($p:tt)*] [$($r:tt)*]
        $arg:ident : $ts:tt = $read:ident $(::<$T:ty>)? $(($what:tt))?, $($rest:tt)*) => {
        $crate::calls::client_calls!(@arg $head
            [$($p)* #[wasm_bindgen(unchecked_param_type = $ts)] $arg: String,]
            [$($r)* ([$read $(::<$T>)?] (&$arg) $arg ($crate::calls::client_calls!(@what $arg $($what)?)))]
            $($rest)*);
    };
    // An optional argument.
    (@arg $head:tt [$($p:tt)*] [$($r:tt)*]
        $arg:ident ? : $ts:tt = $read:ident $(::<$T:ty>)? $(($what:tt))?, $($rest:tt)*) => {
        $crate::calls::client_calls!(@arg $head
            [$($p)* #[wasm_bindgen(unchecked_optional_param_type = $ts)] $arg: Option<String>,]
            [$($r)* ([$read $(::<$T>)?] ($arg) $arg ($crate::calls::client_calls!(@what $arg $($what)?)))]
            $($rest)*);
    };

    // The options: `RequestOptions`.
    (@arg $head:tt $p:tt $r:tt options) => {
        $crate::calls::client_calls!(@method $head $p $r "RequestOptions" |api, options, stop, call|
            [] ($crate::options::request(api, options, stop, call)));
    };
    // `OrderOptions` (`RequestOptions` with `precheck`; scripts/gen-dts.mjs declares it), with
    // its `precheck` bound for the call.
    (@arg $head:tt $p:tt $r:tt options => $precheck:ident) => {
        $crate::calls::client_calls!(@method $head $p $r "OrderOptions" |api, options, stop, call|
            [let (settings, $precheck) = $crate::options::request_settings(api, options)?;]
            (Ok($crate::options::call_json(stop, settings, call))));
    };
    // `WaitOptions`, with the polling policy bound for the call.
    (@arg $head:tt $p:tt $r:tt wait => $poll:ident) => {
        $crate::calls::client_calls!(@method $head $p $r "WaitOptions" |api, options, stop, call|
            [let ($poll, settings) = $crate::options::wait_settings(api, options)?;]
            (Ok($crate::options::call_json(stop, settings, call))));
    };

    (@what $arg:ident) => { stringify!($arg) };
    (@what $arg:ident $what:tt) => { $what };

    // The core call: an `ApiCall` as it is, or a future of its own.
    (@call [] $call:expr) => { $crate::options::IntoText::into_text($call) };
    (@call [async] $call:expr) => {
        $crate::options::IntoText::into_text($crate::options::Async(async move { $call.await }))
    };

    (@method [$Class:ident $js_class:tt ($api:expr) [$($doc:tt)*] $js:ident $name:ident $ret:tt
              $c:ident $kw:tt ($call:expr)]
        [$($p:tt)*] [$(([$($read:tt)*] $input:tt $arg:ident $what:tt))*] $opts_ts:tt
        |$a:ident, $o:ident, $s:ident, $fut:ident| [$($pre:tt)*] ($run:expr)) => {
        #[wasm_bindgen(js_class = $js_class)]
        impl $Class {
            $(#[$doc])*
            #[wasm_bindgen(js_name = $js, unchecked_return_type = $ret)]
            #[allow(non_snake_case)]
            pub fn $name(
                &self,
                $($p)*
                #[wasm_bindgen(unchecked_optional_param_type = $opts_ts)] options: Option<String>,
                #[wasm_bindgen(unchecked_optional_param_type = "any")] _stop: Option<$crate::host::Pending>,
            ) -> js_sys::Promise {
                let $c = ::std::rc::Rc::clone(&self.inner);
                $crate::options::promise_with(move || {
                    $(let $arg = $($read)*($api, $what, $input)?;)*
                    let ($a, $o, $s) = ($api, options, _stop);
                    $($pre)*
                    let $fut = $crate::calls::client_calls!(@call $kw $call);
                    $run
                })
            }
        }
    };
}

pub(crate) use client_calls;
