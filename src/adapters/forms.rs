//! New-thread forms (the profiles' `threadForms`): which form a field belongs to, and
//! where its parts are. Locating only: the draft's words are read by the caller at the
//! moment of deciding (the composer rules R06 and R19), and never kept.

use super::profile::{ProfileFile, ThreadFormRule};
use crate::dom_tree::{DomElement, SelectorError};

/// The parts of one new-thread form.
#[derive(Clone)]
pub struct ThreadFormParts<E> {
    pub form: E,
    pub title: E,
    pub body: E,
    /// The "Question" box, when the form has one.
    pub question: Option<E>,
}

/// The new-thread form `field` is in, if any.
pub fn thread_form_around<E: DomElement>(
    profiles: &ProfileFile,
    field: &E,
) -> Result<Option<ThreadFormParts<E>>, SelectorError> {
    for rule in &profiles.thread_forms {
        if let Some(form) = field.closest(&rule.form)? {
            if let Some(found) = parts(rule, form)? {
                return Ok(Some(found));
            }
        }
    }
    Ok(None)
}

/// The page's first new-thread form, if it offers one.
pub fn thread_form_in<E: DomElement>(
    profiles: &ProfileFile,
    root: &E,
) -> Result<Option<ThreadFormParts<E>>, SelectorError> {
    for rule in &profiles.thread_forms {
        for form in root.select_all(&rule.form)? {
            if let Some(found) = parts(rule, form)? {
                return Ok(Some(found));
            }
        }
    }
    Ok(None)
}

/// A form is a new-thread form only with both a title and a body: other lists' forms
/// share the container (a task has a title, an announcement a body, no question box).
fn parts<E: DomElement>(
    rule: &ThreadFormRule,
    form: E,
) -> Result<Option<ThreadFormParts<E>>, SelectorError> {
    let (Some(title), Some(body)) = (
        form.select_first(&rule.title)?,
        form.select_first(&rule.body)?,
    ) else {
        return Ok(None);
    };
    let question = match &rule.question {
        Some(css) => form.select_first(css)?,
        None => None,
    };
    Ok(Some(ThreadFormParts {
        form,
        title,
        body,
        question,
    }))
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::super::built_in;
    use super::*;
    use crate::html_dom::parse_document;

    const FORM: &str = r#"<table class="ms-formtable"><tr>
        <td class="ms-formlabel"><label for="Title_1_$TextField">Objet</label></td>
        <td class="ms-formbody"><input id="Title_1_$TextField" type="text" title="Objet Champ obligatoire"></td>
      </tr><tr>
        <td class="ms-formlabel">Corps</td>
        <td class="ms-formbody"><div id="Body_1_$RichField" class="ms-rtestate-write" contenteditable="true"><p id="para">x</p></div></td>
      </tr><tr>
        <td class="ms-formlabel">Question</td>
        <td class="ms-formbody"><input id="IsQuestion_1_$BooleanField" type="checkbox"></td>
      </tr></table>"#;

    #[test]
    fn a_field_in_a_new_thread_form_and_its_parts() {
        let doc = parse_document(&format!(
            "<main>{FORM}<textarea id='other'></textarea></main>"
        ));
        let root = doc.root_element();
        let para = root.select_first("#para").unwrap().unwrap();
        let found = thread_form_around(built_in(), &para).unwrap().unwrap();
        assert_eq!(found.title.attr("id"), Some("Title_1_$TextField"));
        assert_eq!(found.body.attr("id"), Some("Body_1_$RichField"));
        assert_eq!(
            found.question.and_then(|q| q.attr("id")),
            Some("IsQuestion_1_$BooleanField")
        );
        let other = root.select_first("#other").unwrap().unwrap();
        assert!(thread_form_around(built_in(), &other).unwrap().is_none());
        assert!(thread_form_in(built_in(), &root).unwrap().is_some());
    }

    #[test]
    fn other_lists_forms_are_not_new_thread_forms() {
        // A task's form: a title, no body.
        let task = r#"<table class="ms-formtable"><tr><td class="ms-formbody">
            <input id="Title_2_$TextField" type="text"></td></tr></table>"#;
        let doc = parse_document(task);
        let root = doc.root_element();
        let title = root.select_first("input").unwrap().unwrap();
        assert!(thread_form_around(built_in(), &title).unwrap().is_none());
        assert!(thread_form_in(built_in(), &root).unwrap().is_none());
        // No question box: still a new-thread form.
        let doc = parse_document(&FORM.replace("IsQuestion_", "Category_"));
        let found = thread_form_in(built_in(), &doc.root_element())
            .unwrap()
            .unwrap();
        assert!(found.question.is_none());
    }
}
