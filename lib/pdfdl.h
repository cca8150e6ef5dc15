/*
 * pdfdl.h - poppler-glib, cairo and GLib, loaded when the first PDF is
 * read (dlopen) instead of at every start: they are 30 of segel-verify's
 * 71 shared objects, and loading and relocating them was a third of its
 * start (16 of 47 ms CPU) for the scans that never need them.  Only
 * pdfin.c and pagecheck.c include this header, after which the functions
 * they call are the pointers pdfdl_load() fills (the #defines below), so
 * their code reads as plain poppler and cairo.
 *
 * qpdf (its C API) comes the same way, for what poppler-glib does not
 * show of a file: its catalog and its pages' dictionaries (pagecheck.c,
 * catalog()).
 *
 * pdfdl_load() loads once per process (later calls cost a check) and
 * routes poppler's complaints about damaged files to nowhere (its error
 * callback and the "Poppler" GLib log domain, both process-wide).  Call
 * it before forking children that read PDFs, and they inherit the
 * libraries.  -1 and E-SYSTEM when a library or a function is missing.
 */
#ifndef SEGEL_PDFDL_H
#define SEGEL_PDFDL_H

#include <cairo.h>
#include <glib.h>
#include <poppler.h>
#include <qpdf/qpdf-c.h>

#include "err.h"

#define PDFDL_FUNCS(X) \
	X(cairo_create) X(cairo_destroy) X(cairo_image_surface_create) \
	X(cairo_image_surface_get_data) X(cairo_image_surface_get_height) \
	X(cairo_image_surface_get_stride) X(cairo_image_surface_get_width) \
	X(cairo_paint) X(cairo_restore) X(cairo_save) X(cairo_scale) \
	X(cairo_set_source_rgb) X(cairo_set_source_surface) \
	X(cairo_status_to_string) X(cairo_surface_destroy) \
	X(cairo_surface_flush) X(cairo_surface_status) X(cairo_translate) \
	X(g_bytes_new_static) X(g_bytes_unref) X(g_error_free) X(g_free) \
	X(g_log_set_handler) X(g_object_unref) \
	X(poppler_document_get_author) X(poppler_document_get_keywords) \
	X(poppler_document_get_n_pages) X(poppler_document_get_page) \
	X(poppler_document_get_subject) X(poppler_document_get_title) \
	X(poppler_document_has_javascript) \
	X(poppler_document_new_from_bytes) X(poppler_error_quark) \
	X(poppler_layers_iter_free) X(poppler_layers_iter_new) \
	X(poppler_page_free_annot_mapping) X(poppler_page_get_annot_mapping) \
	X(poppler_page_free_image_mapping) X(poppler_page_get_image) \
	X(poppler_page_get_image_mapping) X(poppler_page_get_size) \
	X(poppler_page_get_text) X(poppler_page_render)
#define PDFDL_QPDF_FUNCS(X) \
	X(qpdf_cleanup) X(qpdf_get_error) X(qpdf_get_error_full_text) \
	X(qpdf_get_num_pages) X(qpdf_get_page_n) X(qpdf_get_root) \
	X(qpdf_has_error) X(qpdf_init) X(qpdf_more_warnings) \
	X(qpdf_next_warning) X(qpdf_oh_begin_dict_key_iter) \
	X(qpdf_oh_dict_more_keys) X(qpdf_oh_dict_next_key) \
	X(qpdf_oh_get_array_n_items) X(qpdf_oh_get_key) X(qpdf_oh_has_key) \
	X(qpdf_oh_is_array) X(qpdf_oh_is_dictionary) X(qpdf_read_memory) \
	X(qpdf_set_suppress_warnings) X(qpdf_silence_errors) \
	X(qpdf_oh_get_page_content_data) X(qpdf_oh_is_stream) \
	X(qpdf_oh_is_name_and_equals) X(qpdf_oh_get_dict) X(qpdf_check_pdf)

struct pdfdl_fns {
#define PDFDL_MEMBER(f) __typeof__(f) *f;
	PDFDL_FUNCS(PDFDL_MEMBER)
	PDFDL_QPDF_FUNCS(PDFDL_MEMBER)
#undef PDFDL_MEMBER
};
extern struct pdfdl_fns pdfdl_fn;

int pdfdl_load(sg_err *err);

#ifndef PDFDL_IMPL
#define cairo_create (pdfdl_fn.cairo_create)
#define cairo_destroy (pdfdl_fn.cairo_destroy)
#define cairo_image_surface_create (pdfdl_fn.cairo_image_surface_create)
#define cairo_image_surface_get_data (pdfdl_fn.cairo_image_surface_get_data)
#define cairo_image_surface_get_height \
	(pdfdl_fn.cairo_image_surface_get_height)
#define cairo_image_surface_get_stride \
	(pdfdl_fn.cairo_image_surface_get_stride)
#define cairo_image_surface_get_width (pdfdl_fn.cairo_image_surface_get_width)
#define cairo_paint (pdfdl_fn.cairo_paint)
#define cairo_restore (pdfdl_fn.cairo_restore)
#define cairo_save (pdfdl_fn.cairo_save)
#define cairo_scale (pdfdl_fn.cairo_scale)
#define cairo_set_source_rgb (pdfdl_fn.cairo_set_source_rgb)
#define cairo_set_source_surface (pdfdl_fn.cairo_set_source_surface)
#define cairo_status_to_string (pdfdl_fn.cairo_status_to_string)
#define cairo_surface_destroy (pdfdl_fn.cairo_surface_destroy)
#define cairo_surface_flush (pdfdl_fn.cairo_surface_flush)
#define cairo_surface_status (pdfdl_fn.cairo_surface_status)
#define cairo_translate (pdfdl_fn.cairo_translate)
#define g_bytes_new_static (pdfdl_fn.g_bytes_new_static)
#define g_bytes_unref (pdfdl_fn.g_bytes_unref)
#define g_error_free (pdfdl_fn.g_error_free)
#define g_free (pdfdl_fn.g_free)
#define g_log_set_handler (pdfdl_fn.g_log_set_handler)
#define g_object_unref (pdfdl_fn.g_object_unref)
#define poppler_document_get_author (pdfdl_fn.poppler_document_get_author)
#define poppler_document_get_keywords (pdfdl_fn.poppler_document_get_keywords)
#define poppler_document_get_n_pages (pdfdl_fn.poppler_document_get_n_pages)
#define poppler_document_get_page (pdfdl_fn.poppler_document_get_page)
#define poppler_document_get_subject (pdfdl_fn.poppler_document_get_subject)
#define poppler_document_get_title (pdfdl_fn.poppler_document_get_title)
#define poppler_document_has_javascript \
	(pdfdl_fn.poppler_document_has_javascript)
#define poppler_layers_iter_free (pdfdl_fn.poppler_layers_iter_free)
#define poppler_layers_iter_new (pdfdl_fn.poppler_layers_iter_new)
#define poppler_page_free_annot_mapping \
	(pdfdl_fn.poppler_page_free_annot_mapping)
#define poppler_page_get_annot_mapping (pdfdl_fn.poppler_page_get_annot_mapping)
#define poppler_document_new_from_bytes \
	(pdfdl_fn.poppler_document_new_from_bytes)
#define poppler_error_quark (pdfdl_fn.poppler_error_quark)
#define poppler_page_free_image_mapping \
	(pdfdl_fn.poppler_page_free_image_mapping)
#define poppler_page_get_image (pdfdl_fn.poppler_page_get_image)
#define poppler_page_get_image_mapping (pdfdl_fn.poppler_page_get_image_mapping)
#define poppler_page_get_size (pdfdl_fn.poppler_page_get_size)
#define poppler_page_get_text (pdfdl_fn.poppler_page_get_text)
#define poppler_page_render (pdfdl_fn.poppler_page_render)
#define qpdf_cleanup (pdfdl_fn.qpdf_cleanup)
#define qpdf_get_error (pdfdl_fn.qpdf_get_error)
#define qpdf_get_error_full_text (pdfdl_fn.qpdf_get_error_full_text)
#define qpdf_get_num_pages (pdfdl_fn.qpdf_get_num_pages)
#define qpdf_get_page_n (pdfdl_fn.qpdf_get_page_n)
#define qpdf_get_root (pdfdl_fn.qpdf_get_root)
#define qpdf_has_error (pdfdl_fn.qpdf_has_error)
#define qpdf_init (pdfdl_fn.qpdf_init)
#define qpdf_more_warnings (pdfdl_fn.qpdf_more_warnings)
#define qpdf_next_warning (pdfdl_fn.qpdf_next_warning)
#define qpdf_oh_begin_dict_key_iter (pdfdl_fn.qpdf_oh_begin_dict_key_iter)
#define qpdf_oh_dict_more_keys (pdfdl_fn.qpdf_oh_dict_more_keys)
#define qpdf_oh_dict_next_key (pdfdl_fn.qpdf_oh_dict_next_key)
#define qpdf_oh_get_array_n_items (pdfdl_fn.qpdf_oh_get_array_n_items)
#define qpdf_oh_get_key (pdfdl_fn.qpdf_oh_get_key)
#define qpdf_oh_has_key (pdfdl_fn.qpdf_oh_has_key)
#define qpdf_oh_is_array (pdfdl_fn.qpdf_oh_is_array)
#define qpdf_oh_is_dictionary (pdfdl_fn.qpdf_oh_is_dictionary)
#define qpdf_read_memory (pdfdl_fn.qpdf_read_memory)
#define qpdf_set_suppress_warnings (pdfdl_fn.qpdf_set_suppress_warnings)
#define qpdf_silence_errors (pdfdl_fn.qpdf_silence_errors)
#define qpdf_oh_get_page_content_data \
	(pdfdl_fn.qpdf_oh_get_page_content_data)
#define qpdf_oh_is_stream (pdfdl_fn.qpdf_oh_is_stream)
#define qpdf_oh_is_name_and_equals (pdfdl_fn.qpdf_oh_is_name_and_equals)
#define qpdf_oh_get_dict (pdfdl_fn.qpdf_oh_get_dict)
#define qpdf_check_pdf (pdfdl_fn.qpdf_check_pdf)
#endif

#endif
